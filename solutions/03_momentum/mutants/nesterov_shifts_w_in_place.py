"""Shifts w in place to the look-ahead point (nesterov_point) and back (nesterov_step) to save a tensor: the caller's w moves."""
# %% nesterov_point
def nesterov_point(w, state, *, beta):
    return w.add_(state["velocity"], alpha=beta)

# %% nesterov_step
def nesterov_step(w, g, state, *, lr, beta):
    w.sub_(state["velocity"], alpha=beta)       # back from the look-ahead point
    v_new = beta * state["velocity"] - lr * g
    return w + v_new, {"velocity": v_new}
