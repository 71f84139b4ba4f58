"""Divides by the sum of squares before adding g_t², so the first step divides by ε alone."""
# %% adagrad_step
def adagrad_step(w, g, s, *, lr, eps):
    w_new = w - lr * g / (s.sqrt() + eps)
    return w_new, s + g * g
