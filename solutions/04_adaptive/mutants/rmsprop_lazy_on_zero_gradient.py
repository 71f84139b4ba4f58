"""Updates the average only where the gradient is non-zero ("lazy", as for sparse gradients): v must decay everywhere."""
# %% rmsprop_step
def rmsprop_step(w, g, v, *, lr, beta, eps):
    v_new = torch.where(g != 0, beta * v + (1 - beta) * g * g, v)
    return w - lr * g / (v_new.sqrt() + eps), v_new
