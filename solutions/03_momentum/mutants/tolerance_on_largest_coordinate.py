"""Stops when the largest gradient coordinate is ≤ tol (max-norm) instead of the Euclidean norm."""
# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, v = w0, torch.zeros_like(w0)
    for t in range(max_steps + 1):
        g = grad(w)
        if g.abs().max() <= tol:
            return t
        w, v = momentum_step(w, g, v, lr=lr, beta=beta)
    return None
