"""Updates the average only where the gradient is non-zero ("lazy", as for sparse gradients): r must decay everywhere."""
# %% rmsprop_step
def rmsprop_step(w, g, state, *, lr, alpha, eps):
    r = state["square_avg"]
    r_new = torch.where(g != 0, alpha * r + (1 - alpha) * g * g, r)
    return w - lr * g / (r_new.sqrt() + eps), {"step": state["step"] + 1, "square_avg": r_new}
