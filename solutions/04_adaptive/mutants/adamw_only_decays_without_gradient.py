"""With a zero gradient it only applies the decay ("no gradient, no Adam step"): m and v still decay and move w."""
# %% adamw_step
def adamw_step(w, g, state, *, lr, betas, eps, weight_decay):
    if not g.any():
        return (1 - lr * weight_decay) * w, {"step": state["step"] + 1, "exp_avg": state["exp_avg"].clone(),
                                             "exp_avg_sq": state["exp_avg_sq"].clone()}
    return adam_step((1 - lr * weight_decay) * w, g, state, lr=lr, betas=betas, eps=eps)
