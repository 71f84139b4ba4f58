"""Forgets to square the gradient in RMSProp's average: v = β v + (1 − β) |g|."""
# %% rmsprop_step
def rmsprop_step(w, g, v, *, lr, beta, eps):
    v_new = beta * v + (1 - beta) * g.abs()
    return w - lr * g / (v_new.sqrt() + eps), v_new
