"""Returns the inputs unchanged when the gradient is zero ("nothing to learn"), but momentum still moves w by β v."""
# %% momentum_step
def momentum_step(w, g, v, *, lr, beta):
    if torch.count_nonzero(torch.as_tensor(g)) == 0:
        return w, v
    v_new = beta * v - lr * g
    return w + v_new, v_new
