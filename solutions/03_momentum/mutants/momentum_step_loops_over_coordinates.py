"""Loops over the coordinates with range(len(w)): fine for vectors and matrices, a TypeError for a 0-d w."""
# %% momentum_step
def momentum_step(w, g, state, *, lr, beta):
    v = state["velocity"]
    w_new, v_new = w.clone(), v.clone()
    for i in range(len(w)):
        v_new[i] = beta * v[i] - lr * g[i]
        w_new[i] = w[i] + v_new[i]
    return w_new, {"velocity": v_new}

# %% accumulation_table
def accumulation_table(grad, w0, *, lr, beta, steps):
    w, v = w0, 0.0
    rows = []
    for t in range(1, steps + 1):
        g = grad(w)
        v = beta * v - lr * g
        w = w + v
        rows.append((t, float(g), float(v), float(w)))
    return rows

# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, v = w0, torch.zeros_like(w0)
    for t in range(max_steps + 1):
        g = grad(w)
        if torch.linalg.vector_norm(g) <= tol:
            return t
        v = beta * v - lr * g
        w = w + v
    return None
