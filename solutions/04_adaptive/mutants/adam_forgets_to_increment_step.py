"""Uses t = state["step"] + 1 but returns the step it was given: every step of a run is corrected as the first."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    t = state["step"] + 1
    m_new = beta1 * state["exp_avg"] + (1 - beta1) * g
    v_new = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": state["step"], "exp_avg": m_new, "exp_avg_sq": v_new}
