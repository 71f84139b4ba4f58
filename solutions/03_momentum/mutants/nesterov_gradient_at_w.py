"""Takes Nesterov's gradient at w instead of the look-ahead point w + β v: plain heavy-ball momentum."""
# %% nesterov_step
def nesterov_step(w, grad, v, *, lr, beta):
    v_new = beta * v - lr * grad(w)
    return w + v_new, v_new
