"""Applies PyTorch's Nesterov formula to w, in velocity units: w_new = w + β v_new − η g with g = ∇L(w)."""
# %% nesterov_step
def nesterov_step(w, grad, v, *, lr, beta):
    g = grad(w)
    v_new = beta * v - lr * g
    return w + beta * v_new - lr * g, v_new
