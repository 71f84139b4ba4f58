"""Returns w and the state unchanged for a zero gradient (as torch skips a parameter without one): m still carries w."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    if not g.any():
        return w.clone(), {key: value.clone() if torch.is_tensor(value) else value for key, value in state.items()}
    beta1, beta2 = betas
    t = state["step"] + 1
    m_new = beta1 * state["exp_avg"] + (1 - beta1) * g
    v_new = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": t, "exp_avg": m_new, "exp_avg_sq": v_new}
