"""Tests the gradient only after each step, so w_0 within tolerance is reported as 1 step instead of 0."""
# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w, state = w0, {"velocity": torch.zeros_like(w0)}
    for t in range(1, max_steps + 1):
        w, state = momentum_step(w, grad(w), state, lr=lr, beta=beta)
        if torch.linalg.vector_norm(grad(w)) <= tol:
            return t
    return None
