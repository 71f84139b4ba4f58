"""Forgets to square the gradient in RMSProp's average: r = α r + (1 − α) |g|."""
# %% rmsprop_step
def rmsprop_step(w, g, r, *, lr, alpha, eps):
    r_new = alpha * r + (1 - alpha) * g.abs()
    return w - lr * g / (r_new.sqrt() + eps), r_new
