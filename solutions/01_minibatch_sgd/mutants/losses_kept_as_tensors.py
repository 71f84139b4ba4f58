"""Records each epoch's loss as a 0-d tensor instead of a Python float (no .item())."""
# %% sgd_linear_regression
def minibatch_gradient(w, X_batch, y_batch):
    return X_batch.T @ (X_batch @ w - y_batch) / len(y_batch)


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    losses = []
    for _ in range(epochs):
        for batch in shuffled_batches(len(y), batch_size, generator):
            w = w - lr * minibatch_gradient(w, X[batch], y[batch])
        losses.append((X @ w - y).square().mean() / 2)
    return w, losses
