"""Starts the table at zero instead of at the gradients at w0: the early steps are biased."""
# %% saga
def saga(features, labels, l2, lr, epochs, generator, w0=None):
    n, d = features.shape
    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.clone()
    table = torch.zeros(n, d, dtype=features.dtype)
    table_mean = torch.zeros(d, dtype=features.dtype)
    iterates = [w.clone()]
    for _ in range(epochs):
        for j in torch.randint(n, (n,), generator=generator).tolist():
            g = sample_gradient(w, features, labels, l2, j)
            w = w - lr * (g - table[j] + table_mean)
            table_mean = table_mean + (g - table[j]) / n
            table[j] = g
        iterates.append(w.clone())
    return torch.stack(iterates), {"table": table, "table_mean": table_mean}
