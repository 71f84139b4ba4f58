"""Draws a second, independent index for the snapshot term: still unbiased, but ∇fᵢ(w) − ∇fₖ(w̃) does not
cancel near the minimum, so the variance does not vanish; and it draws twice as many indices."""
# %% svrg
def svrg(features, labels, l2, lr, epochs, generator, inner_steps=None, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.clone()
    steps = n if inner_steps is None else inner_steps
    iterates = [w.clone()]
    for _ in range(epochs):
        snapshot = w.clone()
        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).mean(0)
        indices = torch.randint(n, (steps,), generator=generator).tolist()
        others = torch.randint(n, (steps,), generator=generator).tolist()
        for i, k in zip(indices, others):
            correction = sample_gradient(snapshot, features, labels, l2, k) - full_gradient
            w = w - lr * (sample_gradient(w, features, labels, l2, i) - correction)
        iterates.append(w.clone())
    return torch.stack(iterates), {"snapshot": snapshot, "full_gradient": full_gradient}
