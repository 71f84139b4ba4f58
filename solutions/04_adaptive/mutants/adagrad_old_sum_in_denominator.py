"""Divides by the sum of squares before adding g_t², so the first step divides by ε alone."""
# %% adagrad_step
def adagrad_step(w, g, state, *, lr, eps):
    w_new = w - lr * g / (state["sum"].sqrt() + eps)
    return w_new, {"step": state["step"] + 1, "sum": state["sum"] + g * g}
