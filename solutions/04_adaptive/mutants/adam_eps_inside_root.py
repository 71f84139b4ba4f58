"""Puts ε inside Adam's square root, √(v̂ + ε), where the spec (and torch) put it outside."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return w - lr * m_hat / (v_hat + eps).sqrt(), m_new, v_new
