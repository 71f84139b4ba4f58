"""Computes the Nesterov step in float64 "for precision": grad gets, and the step returns, float64 for a float32 w."""
# %% nesterov_step
def nesterov_step(w, grad, v, *, lr, beta):
    w, v = w.double(), v.double()
    v_new = beta * v - lr * grad(w + beta * v)
    return w + v_new, v_new
