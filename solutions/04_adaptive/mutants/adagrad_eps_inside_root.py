"""Puts ε inside AdaGrad's square root, √(s + ε), where the spec (and torch) put it outside."""
# %% adagrad_step
def adagrad_step(w, g, s, *, lr, eps):
    s_new = s + g * g
    return w - lr * g / (s_new + eps).sqrt(), s_new
