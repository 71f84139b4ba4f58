"""Moves the weights with w += v on w = w0, so the caller's w0 ends at the last iterate."""
# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, v = w0, torch.zeros_like(w0)
    for t in range(max_steps + 1):
        g = grad(w)
        if torch.linalg.vector_norm(g) <= tol:
            return t
        v = beta * v - lr * g
        w += v
    return None
