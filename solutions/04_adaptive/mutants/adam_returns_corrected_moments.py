"""Returns the bias-corrected m̂ and v̂ as the new state, so the next step corrects them again."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    m_hat = (beta1 * m + (1 - beta1) * g) / (1 - beta1**t)
    v_hat = (beta2 * v + (1 - beta2) * g * g) / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), m_hat, v_hat
