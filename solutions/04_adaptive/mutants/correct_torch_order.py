"""Correct but unusual: torch's order (√v / √(1 − β₂ᵗ), η / (1 − β₁ᵗ)), lerp, decay added after, dict(state, …)."""
# %% adagrad_step
def adagrad_step(w, g, state, *, lr, eps):
    s_new = torch.addcmul(state["sum"], g, g)
    step_size = lr / (s_new.sqrt() + eps)
    return w - step_size * g, dict(state, step=state["step"] + 1, sum=s_new)

# %% rmsprop_step
def rmsprop_step(w, g, state, *, lr, alpha, eps):
    r = state["square_avg"]
    r_new = r + (1 - alpha) * (g * g - r)         # the same EMA, written as a lerp
    return torch.addcdiv(w, g, r_new.sqrt().add(eps), value=-lr), dict(state, step=state["step"] + 1, square_avg=r_new)

# %% adam_step
import math

def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    t = state["step"] + 1
    m_new = torch.lerp(state["exp_avg"], g, 1 - beta1)
    v_new = state["exp_avg_sq"] * beta2 + (1 - beta2) * g.square()
    denominator = v_new.sqrt() / math.sqrt(1 - beta2**t) + eps
    return w - (lr / (1 - beta1**t)) * m_new / denominator, dict(state, step=t, exp_avg=m_new, exp_avg_sq=v_new)

# %% adamw_step
def adamw_step(w, g, state, *, lr, betas, eps, weight_decay):
    adam_w, state_new = adam_step(w, g, state, lr=lr, betas=betas, eps=eps)
    return adam_w - lr * weight_decay * w, state_new     # decay of the old w, added after
