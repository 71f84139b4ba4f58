"""Returns the contraction of one gradient step, |1 − ηλ|, instead of the eigenvalues of the 2×2 matrix T."""
# %% momentum_rate
def momentum_rate(*, lr, beta, curvature):
    return abs(1 - lr * curvature)
