"""Looks ahead by the full velocity, ∇L(w + v), instead of by β v."""
# %% nesterov_step
def nesterov_step(w, grad, v, *, lr, beta):
    v_new = beta * v - lr * grad(w + v)
    return w + v_new, v_new
