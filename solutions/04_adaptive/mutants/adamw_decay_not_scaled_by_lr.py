"""Shrinks w by 1 − λ per step instead of 1 − ηλ: the decay ignores the learning rate."""
# %% adamw_step
def adamw_step(w, g, state, *, lr, betas, eps, weight_decay):
    return adam_step((1 - weight_decay) * w, g, state, lr=lr, betas=betas, eps=eps)
