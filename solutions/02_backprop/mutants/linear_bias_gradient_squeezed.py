"""Squeezes db "to make it a vector": with a single output unit, db becomes 0-dimensional instead of shape (1,)."""
# %% linear_relu
def linear_forward(X, W, b):
    return X @ W + b


def linear_backward(dY, X, W):
    dX = dY @ W.T
    dW = X.T @ dY
    db = dY.sum(dim=0).squeeze()
    return dX, dW, db


def relu_forward(X):
    return X.clamp(min=0)


def relu_backward(dY, X):
    return dY * (X > 0)
