"""Loops over the coordinates with range(len(w)): fine for vectors and matrices, a TypeError for a 0-d w."""
# %% adagrad_step
def adagrad_step(w, g, state, *, lr, eps):
    s = state["sum"]
    w_new, s_new = w.clone(), s.clone()
    for i in range(len(w)):
        s_new[i] = s[i] + g[i] ** 2
        w_new[i] = w[i] - lr * g[i] / (s_new[i].sqrt() + eps)
    return w_new, {"step": state["step"] + 1, "sum": s_new}
