"""Right, drawing one index per step with torch.randint(n, (), generator=generator): the same numbers, in the
same order, as one call per epoch; SVRG's step written as w − η∇fᵢ(w) + η(∇fᵢ(w̃) − μ)."""
# %% svrg
def svrg(features, labels, l2, lr, epochs, generator, inner_steps=None, w0=None):
    n, d = features.shape
    w = w0.clone() if w0 is not None else features.new_zeros(d)
    m = inner_steps if inner_steps is not None else n
    history = [w]
    for _ in range(epochs):
        snapshot, full_gradient = w, sample_gradient(w, features, labels, l2, torch.arange(n)).mean(dim=0)
        for _ in range(m):
            i = int(torch.randint(n, (), generator=generator))
            w = w - lr * sample_gradient(w, features, labels, l2, i) + lr * (
                sample_gradient(snapshot, features, labels, l2, i) - full_gradient)
        history.append(w)
    return torch.stack(history), {"snapshot": snapshot, "full_gradient": full_gradient}

# %% saga
def saga(features, labels, l2, lr, epochs, generator, w0=None):
    n, d = features.shape
    w = w0.clone() if w0 is not None else features.new_zeros(d)
    table = sample_gradient(w, features, labels, l2, torch.arange(n))
    mean = table.sum(0) / n
    history = [w]
    for _ in range(epochs):
        for _ in range(n):
            j = int(torch.randint(n, (), generator=generator))
            g = sample_gradient(w, features, labels, l2, j)
            difference = g - table[j]
            w = w - lr * (difference + mean)
            mean = mean + difference / n
            table[j] = g
        history.append(w)
    return torch.stack(history), {"table": table, "table_mean": mean}
