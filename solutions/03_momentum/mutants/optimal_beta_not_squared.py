"""Forgets the square in β*: β = (√κ − 1)/(√κ + 1), which is the rate, not the momentum."""
# %% optimal_momentum
def optimal_momentum(eigenvalues):
    mu, big_l = eigenvalues.min().item(), eigenvalues.max().item()
    root_kappa = math.sqrt(big_l / mu)
    rate = (root_kappa - 1) / (root_kappa + 1)
    return (2 / (math.sqrt(big_l) + math.sqrt(mu))) ** 2, rate, rate
