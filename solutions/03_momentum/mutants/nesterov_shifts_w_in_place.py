"""Shifts w in place to the look-ahead point and back to save a tensor: w comes back changed by rounding."""
# %% nesterov_step
def nesterov_step(w, grad, v, *, lr, beta):
    w.add_(v, alpha=beta)
    g = grad(w)
    w.sub_(v, alpha=beta)
    v_new = beta * v - lr * g
    return w + v_new, v_new
