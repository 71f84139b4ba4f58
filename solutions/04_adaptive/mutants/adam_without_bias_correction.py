"""Adam without bias correction: divides m_t by √v_t + ε directly, so the early steps are off."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    m_new = beta1 * state["exp_avg"] + (1 - beta1) * g
    v_new = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
    return w - lr * m_new / (v_new.sqrt() + eps), {"step": state["step"] + 1, "exp_avg": m_new, "exp_avg_sq": v_new}
