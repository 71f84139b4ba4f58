"""Averages instead of accumulating: v_new = β v − (1 − β) η g (an EMA), so steady steps are η g, not η g / (1 − β)."""
# %% momentum_step
def momentum_step(w, g, v, *, lr, beta):
    v_new = beta * v - (1 - beta) * lr * g
    return w + v_new, v_new
