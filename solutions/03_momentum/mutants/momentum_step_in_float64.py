"""Computes in float64 "for precision" and returns float64 tensors for a float32 w: the dtype must be w's."""
# %% momentum_step
def momentum_step(w, g, state, *, lr, beta):
    w, g, v = (torch.as_tensor(x, dtype=torch.float64) for x in (w, g, state["velocity"]))
    v_new = beta * v - lr * g
    return w + v_new, {"velocity": v_new}
