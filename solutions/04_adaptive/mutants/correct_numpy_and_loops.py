"""Correct but unusual: NumPy round trips (dtype and shape kept, 0-d included) and a loop over flattened coordinates."""
# %% adagrad_step
import numpy as np

def adagrad_step(w, g, s, *, lr, eps):
    w_new, s_new = w.clone().reshape(-1), s.clone().reshape(-1)
    flat_g = g.reshape(-1)
    for i in range(flat_g.numel()):
        s_new[i] += flat_g[i] * flat_g[i]
        w_new[i] -= lr * flat_g[i] / (s_new[i].sqrt() + eps)
    return w_new.reshape(w.shape), s_new.reshape(w.shape)

# %% rmsprop_step
def rmsprop_step(w, g, r, *, lr, alpha, eps):
    w_np, g_np, r_np = w.numpy(), g.numpy(), r.numpy()
    r_new = np.asarray(alpha * r_np + (1 - alpha) * g_np**2, dtype=w_np.dtype)
    w_new = np.asarray(w_np - lr * g_np / (np.sqrt(r_new) + eps), dtype=w_np.dtype)
    return torch.from_numpy(w_new), torch.from_numpy(r_new)

# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    beta1, beta2 = betas
    dtype = w.numpy().dtype
    m_new = np.asarray(beta1 * m.numpy() + (1 - beta1) * g.numpy(), dtype=dtype)
    v_new = np.asarray(beta2 * v.numpy() + (1 - beta2) * g.numpy() ** 2, dtype=dtype)
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    w_new = np.asarray(w.numpy() - lr * m_hat / (np.sqrt(v_hat) + eps), dtype=dtype)
    return torch.from_numpy(w_new), torch.from_numpy(m_new), torch.from_numpy(v_new)

# %% adamw_step
def adamw_step(w, g, m, v, *, t, lr, betas, eps, weight_decay):
    shrunk = torch.from_numpy(np.asarray(w.numpy() * (1 - lr * weight_decay), dtype=w.numpy().dtype))
    return adam_step(shrunk, g, m, v, t=t, lr=lr, betas=betas, eps=eps)
