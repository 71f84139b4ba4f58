"""Takes the snapshot without a copy and updates w in place: the snapshot moves with w, the correction ∇fᵢ(w) −
∇fᵢ(w̃) is always zero and every step is −ημ with μ from the epoch's start."""
# %% svrg
def svrg(features, labels, l2, lr, epochs, generator, inner_steps=None, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.clone()
    steps = n if inner_steps is None else inner_steps
    iterates = [w.clone()]
    for _ in range(epochs):
        snapshot = w
        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).mean(0)
        for i in torch.randint(n, (steps,), generator=generator).tolist():
            w -= lr * (sample_gradient(w, features, labels, l2, i) - sample_gradient(snapshot, features, labels, l2, i)
                       + full_gradient)
        iterates.append(w.clone())
    return torch.stack(iterates), {"snapshot": snapshot.clone(), "full_gradient": full_gradient}
