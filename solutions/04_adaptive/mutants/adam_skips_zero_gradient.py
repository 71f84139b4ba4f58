"""Returns w, m, v unchanged when the gradient is zero (as torch skips a parameter without a gradient): m still carries w."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    if not g.any():
        return w.clone(), m.clone(), v.clone()
    beta1, beta2 = betas
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), m_new, v_new
