"""Backpropagates through the ReLU by zeroing only where the pre-activation is negative: passes the gradient where it is exactly 0."""
# %% mlp_gradients
def mlp_gradients(X, labels, W1, b1, W2, b2):
    A = linear_forward(X, W1, b1)
    H = relu_forward(A)
    logits = linear_forward(H, W2, b2)
    loss, dlogits = softmax_cross_entropy(logits, labels)
    dH, dW2, db2 = linear_backward(dlogits, H, W2)
    dA = dH.clone()
    dA[A < 0] = 0
    _, dW1, db1 = linear_backward(dA, X, W1)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
