"""Sums the sample gradients for μ instead of averaging them: μ is n times too large, a biased estimate."""
# %% svrg
def svrg(features, labels, l2, lr, epochs, generator, inner_steps=None, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.clone()
    steps = n if inner_steps is None else inner_steps
    iterates = [w.clone()]
    for _ in range(epochs):
        snapshot = w.clone()
        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).sum(0)
        for i in torch.randint(n, (steps,), generator=generator).tolist():
            correction = sample_gradient(snapshot, features, labels, l2, i) - full_gradient
            w = w - lr * (sample_gradient(w, features, labels, l2, i) - correction)
        iterates.append(w.clone())
    return torch.stack(iterates), {"snapshot": snapshot, "full_gradient": full_gradient}
