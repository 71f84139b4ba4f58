"""Squares only the denominator of η*: 2/(√L + √μ)² instead of (2/(√L + √μ))², half the step."""
# %% optimal_momentum
def optimal_momentum(eigenvalues):
    mu, big_l = eigenvalues.min().item(), eigenvalues.max().item()
    root_kappa = math.sqrt(big_l / mu)
    rate = (root_kappa - 1) / (root_kappa + 1)
    return 2 / (math.sqrt(big_l) + math.sqrt(mu)) ** 2, rate**2, rate
