"""Starts the velocity as torch.zeros(len(w0)): a vector whatever w0's shape (wrong for matrices, an error for 0-d)."""
# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, v = w0, torch.zeros(len(w0), dtype=w0.dtype)
    for t in range(max_steps + 1):
        g = grad(w)
        if torch.linalg.vector_norm(g) <= tol:
            return t
        w, v = momentum_step(w, g, v, lr=lr, beta=beta)
    return None
