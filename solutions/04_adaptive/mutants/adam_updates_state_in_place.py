"""Updates m and v in place (m.mul_, v.addcmul_), as torch.optim does: the caller's states change."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    m.mul_(beta1).add_(g, alpha=1 - beta1)
    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), m, v
