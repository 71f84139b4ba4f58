"""Keeps the moments in float64 "to avoid underflow": for a float32 w it returns float64 tensors."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    g64 = g.double()
    m_new = beta1 * m.double() + (1 - beta1) * g64
    v_new = beta2 * v.double() + (1 - beta2) * g64 * g64
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), m_new, v_new
