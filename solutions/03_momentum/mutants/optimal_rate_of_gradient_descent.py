"""Returns gradient descent's best rate (κ − 1)/(κ + 1) as the rate, with Polyak's η and β."""
# %% optimal_momentum
def optimal_momentum(eigenvalues):
    mu, big_l = eigenvalues.min().item(), eigenvalues.max().item()
    root_kappa = math.sqrt(big_l / mu)
    beta = ((root_kappa - 1) / (root_kappa + 1)) ** 2
    return (2 / (math.sqrt(big_l) + math.sqrt(mu))) ** 2, beta, (big_l / mu - 1) / (big_l / mu + 1)
