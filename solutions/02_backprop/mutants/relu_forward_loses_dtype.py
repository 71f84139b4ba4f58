"""Builds the ReLU output with torch.tensor from a Python list: always float32, whatever the input's dtype."""
# %% linear_relu
def linear_forward(X, W, b):
    return X @ W + b


def linear_backward(dY, X, W):
    return dY @ W.T, X.T @ dY, dY.sum(dim=0)


def relu_forward(X):
    return torch.tensor([[max(value, 0.0) for value in row] for row in X.tolist()])


def relu_backward(dY, X):
    return dY * (X > 0)
