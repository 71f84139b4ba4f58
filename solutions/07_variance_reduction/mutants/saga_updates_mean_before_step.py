"""Updates the running mean before the step: the step uses the mean with g already in it, so g − φⱼ + φ̄ is biased."""
# %% saga
def saga(features, labels, l2, lr, epochs, generator, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.clone()
    table = sample_gradient(w, features, labels, l2, slice(None))
    table_mean = table.mean(0)
    iterates = [w.clone()]
    for _ in range(epochs):
        for j in torch.randint(n, (n,), generator=generator).tolist():
            g = sample_gradient(w, features, labels, l2, j)
            table_mean = table_mean + (g - table[j]) / n
            w = w - lr * (g - table[j] + table_mean)
            table[j] = g
        iterates.append(w.clone())
    return torch.stack(iterates), {"table": table, "table_mean": table_mean}
