"""Loops over range(max_steps), so w at t = max_steps is never tested: a run that gets there returns None."""
# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, v = w0, torch.zeros_like(w0)
    for t in range(max_steps):
        g = grad(w)
        if torch.linalg.vector_norm(g) <= tol:
            return t
        w, v = momentum_step(w, g, v, lr=lr, beta=beta)
    return None
