"""A forward finite difference of gradients, (∇L(w + εv) − ∇L(w))/ε with ε = 1e-4: close, but not to 1e-9."""
# %% hvp
def hessian_vector_product(params, v, features, labels):
    eps = 1e-4

    def gradient(ps):
        ps = [p.detach().requires_grad_() for p in ps]
        return torch.autograd.grad(mlp_loss(ps, features, labels), ps)

    moved = [p + eps * u for p, u in zip(params, v)]
    return [(a - b) / eps for a, b in zip(gradient(moved), gradient(params))]
