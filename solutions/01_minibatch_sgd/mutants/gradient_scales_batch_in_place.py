"""Weights the samples by their residuals in place (X_batch *= ...): the caller's X_batch is overwritten."""
# %% sgd_linear_regression
def minibatch_gradient(w, X_batch, y_batch):
    residual = X_batch @ w - y_batch
    X_batch *= residual.unsqueeze(1)  # each row times its residual
    return X_batch.mean(dim=0)


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    w = torch.zeros(X.shape[1], dtype=X.dtype)
    losses = []
    for _ in range(epochs):
        for batch in shuffled_batches(len(y), batch_size, generator):
            w = w - lr * minibatch_gradient(w, X[batch], y[batch])
        losses.append(((X @ w - y).square().mean() / 2).item())
    return w, losses
