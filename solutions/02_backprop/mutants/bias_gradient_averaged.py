"""Averages the bias gradient over the batch instead of summing it."""
# %% linear_relu
def linear_forward(X, W, b):
    return X @ W + b


def linear_backward(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.mean(dim=0)


def relu_forward(X):
    return X.clamp(min=0)


def relu_backward(dY, X):
    return dY * (X > 0)
