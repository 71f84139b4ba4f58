"""Keeps the moments in float64 "to avoid underflow": for a float32 w its state holds float64 tensors."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    t = state["step"] + 1
    g64 = g.double()
    m_new = beta1 * state["exp_avg"].double() + (1 - beta1) * g64
    v_new = beta2 * state["exp_avg_sq"].double() + (1 - beta2) * g64 * g64
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = (w - lr * m_hat / (v_hat.sqrt() + eps)).to(w.dtype)
    return w_new, {"step": t, "exp_avg": m_new, "exp_avg_sq": v_new}
