"""Counts steps from 0 in the bias correction, 1 − β^(t+1) where t = 1 is the first step: early steps too small."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1 ** (t + 1))
    v_hat = v_new / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (v_hat.sqrt() + eps), m_new, v_new
