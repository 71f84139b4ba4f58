"""Right in other words: α₀ρᵏ computed by powers, power iteration with a for-else, Hv from torch.autograd.functional.hvp."""
# %% armijo
def armijo_backtracking(f, x, grad, direction=None, *, alpha0=1.0, rho=0.5, c=1e-4):
    d = -grad if direction is None else direction
    f_x, slope = f(x).item(), (grad * d).sum().item()
    k = 0
    while not f(x + alpha0 * rho**k * d).item() <= f_x + c * alpha0 * rho**k * slope:
        k += 1
    return alpha0 * rho**k, k + 1


def descend_with_armijo(f, grad_f, x0, steps, *, alpha0=1.0, rho=0.5, c=1e-4):
    rows, total = [x0.clone()], 0
    for _ in range(steps):
        g = grad_f(rows[-1])
        alpha, count = armijo_backtracking(f, rows[-1], g, alpha0=alpha0, rho=rho, c=c)
        rows.append(rows[-1] - alpha * g)
        total += count
    return torch.stack(rows), total

# %% power
def power_iteration(matvec, v0, iters=100, tol=1e-6):
    v, estimates = v0 / torch.linalg.vector_norm(v0), []
    for k in range(1, iters + 1):
        w = matvec(v)
        estimates.append(torch.dot(v, w).item())
        v = w / torch.linalg.vector_norm(w)
        if k >= 2 and abs(estimates[-1] - estimates[-2]) <= tol * max(1.0, abs(estimates[-1])):
            break
    return estimates[-1], v, k

# %% hvp
def hessian_vector_product(params, v, features, labels):
    W1, W2 = (p.detach() for p in params)
    _, (HV1, HV2) = torch.autograd.functional.hvp(lambda a, b: mlp_loss([a, b], features, labels), (W1, W2), tuple(v))
    return [HV1, HV2]
