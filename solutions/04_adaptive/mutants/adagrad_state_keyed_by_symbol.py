"""Keys the new state by the book's symbol, {"step", "s"}, instead of torch's "sum": not the keys it was given."""
# %% adagrad_step
def adagrad_step(w, g, state, *, lr, eps):
    s_new = state["sum"] + g * g
    return w - lr * g / (s_new.sqrt() + eps), {"step": state["step"] + 1, "s": s_new}
