"""Computes new tensors but stores them in the dict it was given (state["step"] += 1, …) and returns that dict."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    state["step"] += 1
    t = state["step"]
    state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * g
    state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
    m_hat = state["exp_avg"] / (1 - beta1**t)
    v_hat = state["exp_avg_sq"] / (1 - beta2**t)
    return w - lr * m_hat / (v_hat.sqrt() + eps), state
