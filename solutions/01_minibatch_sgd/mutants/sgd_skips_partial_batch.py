"""Loops over len(y) // batch_size batches in sgd: the last, smaller batch is never used when batch_size does not divide N."""
# %% sgd_linear_regression
def minibatch_gradient(w, X_batch, y_batch):
    return X_batch.T @ (X_batch @ w - y_batch) / len(y_batch)


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    n = len(y)
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    losses = []
    for _ in range(epochs):
        batches = shuffled_batches(n, batch_size, generator)
        for i in range(n // batch_size):
            batch = batches[i]
            w = w - lr * minibatch_gradient(w, X[batch], y[batch])
        losses.append(((X @ w - y).square().mean() / 2).item())
    return w, losses
