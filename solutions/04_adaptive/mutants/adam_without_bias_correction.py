"""Adam without bias correction: divides m_t by √v_t + ε directly, so the early steps are off."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g * g
    return w - lr * m_new / (v_new.sqrt() + eps), m_new, v_new
