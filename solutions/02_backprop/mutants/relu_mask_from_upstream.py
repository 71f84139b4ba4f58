"""Takes the ReLU mask from the upstream gradient instead of the layer's input."""
# %% linear_relu
def linear_forward(X, W, b):
    return X @ W + b


def linear_backward(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.sum(dim=0)


def relu_forward(X):
    return X.clamp(min=0)


def relu_backward(dY, X):
    return dY * (dY > 0)
