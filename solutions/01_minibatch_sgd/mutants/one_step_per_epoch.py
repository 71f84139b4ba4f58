"""Steps once per epoch on the first batch only, instead of once per batch."""
# %% sgd_linear_regression
def minibatch_gradient(w, X_batch, y_batch):
    return X_batch.T @ (X_batch @ w - y_batch) / len(y_batch)


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    losses = []
    for _ in range(epochs):
        batch = shuffled_batches(len(y), batch_size, generator)[0]
        w = w - lr * minibatch_gradient(w, X[batch], y[batch])
        losses.append(((X @ w - y).square().mean() / 2).item())
    return w, losses
