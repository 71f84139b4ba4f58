"""Forgets to square the gradient in RMSProp's average: r = α r + (1 − α) |g|."""
# %% rmsprop_step
def rmsprop_step(w, g, state, *, lr, alpha, eps):
    r_new = alpha * state["square_avg"] + (1 - alpha) * g.abs()
    return w - lr * g / (r_new.sqrt() + eps), {"step": state["step"] + 1, "square_avg": r_new}
