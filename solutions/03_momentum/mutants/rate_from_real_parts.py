"""Takes the largest |real part| of T's eigenvalues, not their modulus: wrong when they are complex."""
# %% momentum_rate
def momentum_rate(*, lr, beta, curvature):
    h = lr * curvature
    iteration = torch.tensor([[1 - h, beta], [-h, beta]], dtype=torch.float64)
    return torch.linalg.eigvals(iteration).real.abs().max().item()
