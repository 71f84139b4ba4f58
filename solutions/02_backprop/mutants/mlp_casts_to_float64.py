"""Casts every input to float64 "for accuracy": the gradients come back in float64 for float32 parameters."""
# %% mlp_gradients
def mlp_gradients(X, labels, W1, b1, W2, b2):
    X, W1, b1, W2, b2 = X.double(), W1.double(), b1.double(), W2.double(), b2.double()
    A = linear_forward(X, W1, b1)
    H = relu_forward(A)
    logits = linear_forward(H, W2, b2)
    loss, dlogits = softmax_cross_entropy(logits, labels)
    dH, dW2, db2 = linear_backward(dlogits, H, W2)
    dA = relu_backward(dH, A)
    _, dW1, db1 = linear_backward(dA, X, W1)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
