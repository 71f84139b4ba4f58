"""Returns the bias-corrected m̂ and v̂ as the new state, so the next step corrects them again."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    t = state["step"] + 1
    m_hat = (beta1 * state["exp_avg"] + (1 - beta1) * g) / (1 - beta1**t)
    v_hat = (beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g) / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": t, "exp_avg": m_hat, "exp_avg_sq": v_hat}
