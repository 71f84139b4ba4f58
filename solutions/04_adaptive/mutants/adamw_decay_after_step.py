"""Applies the decay after the Adam step, (1 − ηλ)(w − η m̂/(√v̂ + ε)), instead of to the old w."""
# %% adamw_step
def adamw_step(w, g, state, *, lr, betas, eps, weight_decay):
    w_new, state_new = adam_step(w, g, state, lr=lr, betas=betas, eps=eps)
    return (1 - lr * weight_decay) * w_new, state_new
