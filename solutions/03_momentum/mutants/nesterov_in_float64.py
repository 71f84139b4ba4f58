"""Computes Nesterov in float64 "for precision": the look-ahead point and the step are float64 for a float32 w."""
# %% nesterov_point
def nesterov_point(w, state, *, beta):
    return w.double() + beta * state["velocity"].double()

# %% nesterov_step
def nesterov_step(w, g, state, *, lr, beta):
    w, g, v = w.double(), g.double(), state["velocity"].double()
    v_new = beta * v - lr * g
    return w + v_new, {"velocity": v_new}
