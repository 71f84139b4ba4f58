"""Correct, unusual: linear_backward through NumPy, torch.where for the ReLU, torch.logsumexp and a one-hot over K classes, the gradients dict filled in backward order with the mask taken from H."""
# %% linear_relu
import numpy as np


def linear_forward(X, W, b):
    return torch.addmm(b, X, W)


def linear_backward(dY, X, W):
    dYn, Xn, Wn = dY.numpy(), X.numpy(), W.numpy()
    return (torch.from_numpy(dYn @ Wn.T), torch.from_numpy(Xn.T @ dYn),
            torch.from_numpy(np.sum(dYn, axis=0)))


def relu_forward(X):
    return torch.where(X > 0, X, torch.zeros_like(X))


def relu_backward(dY, X):
    return dY * (X > 0).to(dY.dtype)
# %% softmax_cross_entropy
def softmax_cross_entropy(logits, labels):
    n, k = logits.shape
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    onehot = F.one_hot(labels, num_classes=k).to(logits.dtype)
    loss = -(onehot * log_probs).sum() / n
    return loss, (log_probs.exp() - onehot) / n
# %% mlp_gradients
def mlp_gradients(X, labels, W1, b1, W2, b2):
    H = relu_forward(linear_forward(X, W1, b1))
    loss, dlogits = softmax_cross_entropy(linear_forward(H, W2, b2), labels)
    grads = {}
    dH, grads["W2"], grads["b2"] = linear_backward(dlogits, H, W2)
    dA = relu_backward(dH, H)  # H > 0 exactly where A > 0
    _, grads["W1"], grads["b1"] = linear_backward(dA, X, W1)
    return loss, grads
