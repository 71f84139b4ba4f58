"""RMSProp that sums the squared gradients (AdaGrad's accumulator) instead of averaging them."""
# %% rmsprop_step
def rmsprop_step(w, g, r, *, lr, alpha, eps):
    r_new = r + g * g
    return w - lr * g / (r_new.sqrt() + eps), r_new
