"""Correct but unusual: torch's order of operations (√v / √(1 − β₂ᵗ), η / (1 − β₁ᵗ)), lerp for the EMAs, decay after."""
# %% adagrad_step
def adagrad_step(w, g, s, *, lr, eps):
    s_new = torch.addcmul(s, g, g)
    step_size = lr / (s_new.sqrt() + eps)
    return w - step_size * g, s_new

# %% rmsprop_step
def rmsprop_step(w, g, r, *, lr, alpha, eps):
    r_new = r + (1 - alpha) * (g * g - r)         # the same EMA, written as a lerp
    return torch.addcdiv(w, g, r_new.sqrt().add(eps), value=-lr), r_new

# %% adam_step
import math

def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    m_new = torch.lerp(m, g, 1 - beta1)
    v_new = v * beta2 + (1 - beta2) * g.square()
    denominator = v_new.sqrt() / math.sqrt(1 - beta2**t) + eps
    return w - (lr / (1 - beta1**t)) * m_new / denominator, m_new, v_new

# %% adamw_step
def adamw_step(w, g, m, v, *, t, lr, betas, eps, weight_decay):
    adam_w, m_new, v_new = adam_step(w, g, m, v, t=t, lr=lr, betas=betas, eps=eps)
    return adam_w - lr * weight_decay * w, m_new, v_new     # decay of the old w, added after
