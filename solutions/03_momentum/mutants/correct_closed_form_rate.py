"""Correct but different: the rate from the quadratic formula with complex arithmetic, μ and L by sorting a copy."""
# %% momentum_rate
import cmath

def momentum_rate(*, lr, beta, curvature):
    a = 1 + beta - lr * curvature
    root = cmath.sqrt(a * a - 4 * beta)
    return max(abs((a + root) / 2), abs((a - root) / 2))

# %% optimal_momentum
def optimal_momentum(eigenvalues):
    ordered = torch.sort(eigenvalues.to(torch.float64)).values
    mu, big_l = float(ordered[0]), float(ordered[-1])
    rate = (math.sqrt(big_l) - math.sqrt(mu)) / (math.sqrt(big_l) + math.sqrt(mu))
    return 4 / (math.sqrt(big_l) + math.sqrt(mu)) ** 2, rate * rate, rate
