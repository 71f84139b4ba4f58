"""Correct, unusual: slices batches in a counted loop, computes the gradient and the loss through NumPy, updates w in place."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    order = torch.randperm(n, generator=generator)
    count = n // batch_size if drop_last else math.ceil(n / batch_size)
    return [order[k * batch_size:min((k + 1) * batch_size, n)] for k in range(count)]
# %% sgd_linear_regression
import numpy as np


def minibatch_gradient(w, X_batch, y_batch):
    Xn, yn, wn = X_batch.numpy(), y_batch.numpy(), w.numpy()
    return torch.from_numpy(Xn.T @ (Xn @ wn - yn) / Xn.shape[0])


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    w = X.new_zeros(X.shape[1])
    losses = []
    for epoch in range(epochs):
        for batch in shuffled_batches(X.shape[0], batch_size, generator):
            w -= lr * minibatch_gradient(w, X[batch], y[batch])
        residual = (X @ w - y).numpy()
        losses.append(float(np.mean(residual ** 2) / 2))
    return w, losses
