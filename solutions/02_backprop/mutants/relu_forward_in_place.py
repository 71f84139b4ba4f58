"""Clips the negative entries of X in place (X[X < 0] = 0) and returns X: the caller's input is overwritten."""
# %% linear_relu
def linear_forward(X, W, b):
    return X @ W + b


def linear_backward(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.sum(dim=0)


def relu_forward(X):
    X[X < 0] = 0
    return X


def relu_backward(dY, X):
    return dY * (X > 0)
