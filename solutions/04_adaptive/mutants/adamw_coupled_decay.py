"""AdamW with coupled decay: adds λw to the gradient (Adam + L2), so m and v see the decay."""
# %% adamw_step
def adamw_step(w, g, state, *, lr, betas, eps, weight_decay):
    return adam_step(w, g + weight_decay * w, state, lr=lr, betas=betas, eps=eps)
