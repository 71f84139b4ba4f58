"""Takes μ and L as the first and last eigenvalue, as if the list were sorted."""
# %% optimal_momentum
def optimal_momentum(eigenvalues):
    mu, big_l = eigenvalues[0].item(), eigenvalues[-1].item()
    root_kappa = math.sqrt(big_l / mu)
    rate = (root_kappa - 1) / (root_kappa + 1)
    return (2 / (math.sqrt(big_l) + math.sqrt(mu))) ** 2, rate**2, rate
