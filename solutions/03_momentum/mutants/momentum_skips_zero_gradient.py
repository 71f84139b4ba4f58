"""Returns the inputs unchanged when the gradient is zero ("nothing to learn"), but momentum still moves w by β v."""
# %% momentum_step
def momentum_step(w, g, state, *, lr, beta):
    if torch.count_nonzero(torch.as_tensor(g)) == 0:
        return w, state
    v_new = beta * state["velocity"] - lr * g
    return w + v_new, {"velocity": v_new}
