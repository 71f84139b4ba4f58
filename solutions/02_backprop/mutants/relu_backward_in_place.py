"""Zeroes the upstream gradient in place (dY[X <= 0] = 0) and returns it: the caller's dY is overwritten."""
# %% linear_relu
def linear_forward(X, W, b):
    return X @ W + b


def linear_backward(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.sum(dim=0)


def relu_forward(X):
    return X.clamp(min=0)


def relu_backward(dY, X):
    dY[X <= 0] = 0
    return dY
