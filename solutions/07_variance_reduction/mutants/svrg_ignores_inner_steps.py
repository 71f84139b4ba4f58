"""Always takes n inner steps per epoch, whatever inner_steps says."""
# %% svrg
def svrg(features, labels, l2, lr, epochs, generator, inner_steps=None, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.clone()
    iterates = [w.clone()]
    for _ in range(epochs):
        snapshot = w.clone()
        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).mean(0)
        for i in torch.randint(n, (n,), generator=generator).tolist():
            correction = sample_gradient(snapshot, features, labels, l2, i) - full_gradient
            w = w - lr * (sample_gradient(w, features, labels, l2, i) - correction)
        iterates.append(w.clone())
    return torch.stack(iterates), {"snapshot": snapshot, "full_gradient": full_gradient}
