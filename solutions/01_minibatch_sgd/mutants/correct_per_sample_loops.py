"""Correct, unusual: a drop_last test on the last batch's length, a per-sample gradient loop, torch.add with alpha."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    permutation = torch.randperm(n, generator=generator)
    batches = [batch for batch in torch.split(permutation, batch_size)]
    if drop_last and len(batches[-1]) < batch_size:
        del batches[-1]
    return batches
# %% sgd_linear_regression
def minibatch_gradient(w, X_batch, y_batch):
    total = torch.zeros_like(w)
    for x, target in zip(X_batch, y_batch):
        total = total + (torch.dot(x, w) - target) * x
    return total / X_batch.shape[0]


def sgd_linear_regression(X, y, lr, batch_size, epochs, generator):
    w = torch.zeros_like(X[0])
    losses = []
    for _ in range(epochs):
        for batch in shuffled_batches(len(y), batch_size, generator):
            w = torch.add(w, minibatch_gradient(w, X[batch], y[batch]), alpha=-lr)
        losses.append(0.5 * torch.mean((X @ w - y) ** 2).item())
    return w, losses
