"""Drops "step" from the state it returns, since RMSProp's update never uses t: not the keys it was given."""
# %% rmsprop_step
def rmsprop_step(w, g, state, *, lr, alpha, eps):
    r_new = alpha * state["square_avg"] + (1 - alpha) * g * g
    return w - lr * g / (r_new.sqrt() + eps), {"square_avg": r_new}
