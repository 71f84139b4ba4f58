"""RMSProp that sums the squared gradients (AdaGrad's accumulator) instead of averaging them."""
# %% rmsprop_step
def rmsprop_step(w, g, v, *, lr, beta, eps):
    v_new = v + g * g
    return w - lr * g / (v_new.sqrt() + eps), v_new
