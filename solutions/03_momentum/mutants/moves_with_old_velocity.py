"""Moves the weights with the old velocity: w_new = w + v, then v_new = β v − η g."""
# %% momentum_step
def momentum_step(w, g, v, *, lr, beta):
    w_new = w + v
    return w_new, beta * v - lr * g
