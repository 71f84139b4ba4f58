"""With a zero gradient it only applies the decay ("no gradient, no Adam step"): m and v still decay and move w."""
# %% adamw_step
def adamw_step(w, g, m, v, *, t, lr, betas, eps, weight_decay):
    if not g.any():
        return (1 - lr * weight_decay) * w, m.clone(), v.clone()
    return adam_step((1 - lr * weight_decay) * w, g, m, v, t=t, lr=lr, betas=betas, eps=eps)
