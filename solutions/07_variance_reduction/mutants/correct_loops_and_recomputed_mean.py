"""Right, written with loops: μ as a loop sum over the samples divided by n, in-place updates of a copy of w0,
SAGA's table as a list of rows with the mean recomputed from the whole table at every step (O(nd), slower)."""
# %% svrg
def svrg(features, labels, l2, lr, epochs, generator, inner_steps=None, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype)
    if w0 is not None:
        w.copy_(w0)
    iterates = torch.empty(epochs + 1, d, dtype=features.dtype)
    iterates[0] = w
    for epoch in range(1, epochs + 1):
        snapshot = w.clone()
        full_gradient = torch.zeros(d, dtype=features.dtype)
        for k in range(n):
            full_gradient += sample_gradient(snapshot, features, labels, l2, k)
        full_gradient /= n
        indices = torch.randint(n, (inner_steps or n,), generator=generator)
        for i in indices:
            i = int(i)
            w.sub_(lr * sample_gradient(w, features, labels, l2, i))
            w.add_(lr * sample_gradient(snapshot, features, labels, l2, i))
            w.sub_(lr * full_gradient)
        iterates[epoch] = w
    return iterates, {"snapshot": snapshot, "full_gradient": full_gradient}

# %% saga
def saga(features, labels, l2, lr, epochs, generator, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.detach().clone()
    rows = [sample_gradient(w, features, labels, l2, k) for k in range(n)]
    iterates = [w.clone()]
    for _ in range(epochs):
        for j in torch.randint(n, (n,), generator=generator):
            j = int(j)
            g = sample_gradient(w, features, labels, l2, j)
            w = w - lr * (g - rows[j] + torch.stack(rows).mean(0))
            rows[j] = g
        iterates.append(w)
    table = torch.stack(rows)
    return torch.stack(iterates), {"table": table, "table_mean": table.mean(0)}
