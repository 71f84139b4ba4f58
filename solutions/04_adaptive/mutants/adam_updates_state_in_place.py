"""Updates m and v in place (exp_avg.mul_, exp_avg_sq.addcmul_), as torch.optim does: the caller's state tensors change."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    t = state["step"] + 1
    m = state["exp_avg"].mul_(beta1).add_(g, alpha=1 - beta1)
    v = state["exp_avg_sq"].mul_(beta2).addcmul_(g, g, value=1 - beta2)
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": t, "exp_avg": m, "exp_avg_sq": v}
