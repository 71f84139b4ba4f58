"""Uses torch.linalg.norm(g, 2), the 2-norm of a vector but the largest singular value of a matrix."""
# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, v = w0, torch.zeros_like(w0)
    for t in range(max_steps + 1):
        g = grad(w)
        if torch.linalg.norm(g, 2) <= tol:
            return t
        w, v = momentum_step(w, g, v, lr=lr, beta=beta)
    return None
