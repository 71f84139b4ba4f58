"""Puts ε inside AdaGrad's square root, √(s + ε), where the spec (and torch) put it outside."""
# %% adagrad_step
def adagrad_step(w, g, state, *, lr, eps):
    s_new = state["sum"] + g * g
    return w - lr * g / (s_new + eps).sqrt(), {"step": state["step"] + 1, "sum": s_new}
