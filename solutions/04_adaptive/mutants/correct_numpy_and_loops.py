"""Correct but unusual: NumPy round trips (dtype, shape, 0-d kept), a loop over flat coordinates, a copied state."""
# %% adagrad_step
import numpy as np

def adagrad_step(w, g, state, *, lr, eps):
    w_new, s_new = w.clone().reshape(-1), state["sum"].clone().reshape(-1)
    flat_g = g.reshape(-1)
    for i in range(flat_g.numel()):
        s_new[i] += flat_g[i] * flat_g[i]
        w_new[i] -= lr * flat_g[i] / (s_new[i].sqrt() + eps)
    state_new = state.copy()
    state_new["step"] += 1
    state_new["sum"] = s_new.reshape(w.shape)
    return w_new.reshape(w.shape), state_new

# %% rmsprop_step
def rmsprop_step(w, g, state, *, lr, alpha, eps):
    w_np, g_np, r_np = w.numpy(), g.numpy(), state["square_avg"].numpy()
    r_new = np.asarray(alpha * r_np + (1 - alpha) * g_np**2, dtype=w_np.dtype)
    w_new = np.asarray(w_np - lr * g_np / (np.sqrt(r_new) + eps), dtype=w_np.dtype)
    return torch.from_numpy(w_new), {"step": state["step"] + 1, "square_avg": torch.from_numpy(r_new)}

# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    beta1, beta2 = betas
    t = state["step"] + 1
    dtype = w.numpy().dtype
    m_new = np.asarray(beta1 * state["exp_avg"].numpy() + (1 - beta1) * g.numpy(), dtype=dtype)
    v_new = np.asarray(beta2 * state["exp_avg_sq"].numpy() + (1 - beta2) * g.numpy() ** 2, dtype=dtype)
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = np.asarray(w.numpy() - lr * m_hat / (np.sqrt(v_hat) + eps), dtype=dtype)
    return torch.from_numpy(w_new), {"step": t, "exp_avg": torch.from_numpy(m_new), "exp_avg_sq": torch.from_numpy(v_new)}

# %% adamw_step
def adamw_step(w, g, state, *, lr, betas, eps, weight_decay):
    shrunk = torch.from_numpy(np.asarray(w.numpy() * (1 - lr * weight_decay), dtype=w.numpy().dtype))
    return adam_step(shrunk, g, state, lr=lr, betas=betas, eps=eps)
