"""RMSProp that sums the squared gradients (AdaGrad's accumulator) instead of averaging them."""
# %% rmsprop_step
def rmsprop_step(w, g, state, *, lr, alpha, eps):
    r_new = state["square_avg"] + g * g
    return w - lr * g / (r_new.sqrt() + eps), {"step": state["step"] + 1, "square_avg": r_new}
