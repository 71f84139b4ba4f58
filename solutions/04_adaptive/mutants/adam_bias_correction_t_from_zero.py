"""Counts steps from 0 in the bias correction, 1 − β^(t+1) where t = 1 is the first step: early steps too small."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    t = state["step"] + 1
    m_new = beta1 * state["exp_avg"] + (1 - beta1) * g
    v_new = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1 ** (t + 1))
    v_hat = v_new / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": t, "exp_avg": m_new, "exp_avg_sq": v_new}
