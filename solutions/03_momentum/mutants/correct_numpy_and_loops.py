"""Correct but unusual: NumPy round trips (dtype and shape kept, 0-d included) and explicit Python loops."""
# %% momentum_step
import numpy as np

def momentum_step(w, g, state, *, lr, beta):
    v = state["velocity"]
    if not torch.is_tensor(w):                       # Part 2 calls it with floats
        v_new = beta * v - lr * g
        return w + v_new, {"velocity": v_new}
    w_np, g_np, v_np = w.numpy(), g.numpy(), v.numpy()
    v_new = np.asarray(beta * v_np - lr * g_np, dtype=w_np.dtype)
    w_new = np.asarray(w_np + v_new, dtype=w_np.dtype)
    return torch.from_numpy(w_new), {"velocity": torch.from_numpy(v_new)}

# %% accumulation_table
def accumulation_table(grad, w0, *, lr, beta, steps):
    table = []
    w, state = w0, {"velocity": 0.0}
    for t in range(steps):
        g = grad(w)
        w, state = momentum_step(w, g, state, lr=lr, beta=beta)
        table.append((t + 1, float(g), float(state["velocity"]), float(w)))
    return table

# %% steps_to_tolerance
import math

def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, state = w0, {"velocity": torch.zeros_like(w0)}
    found = None
    for t in range(max_steps + 1):
        g = grad(w)
        squares = sum(x * x for x in g.reshape(-1).tolist())
        if math.sqrt(squares) <= tol:
            found = t
            break
        w, state = momentum_step(w, g, state, lr=lr, beta=beta)
    return found

# %% nesterov_point
def nesterov_point(w, state, *, beta):
    w_np = w.numpy()
    return torch.from_numpy(np.asarray(w_np + beta * state["velocity"].numpy(), dtype=w_np.dtype))

# %% nesterov_step
def nesterov_step(w, g, state, *, lr, beta):
    v_new = np.asarray(beta * state["velocity"].numpy() - lr * g.numpy(), dtype=g.numpy().dtype)
    return torch.from_numpy(np.asarray(w.numpy() + v_new, dtype=g.numpy().dtype)), {"velocity": torch.from_numpy(v_new)}
