"""Correct but unusual: keeps PyTorch's buffer b = −v/η inside each step and converts back (equal within rounding)."""
# %% momentum_step
def momentum_step(w, g, state, *, lr, beta):
    buffer = beta * (state["velocity"] / -lr) + g        # PyTorch's b_t = β b_{t−1} + g_t with b = −v / η
    v_new = -lr * buffer
    return w + v_new, {"velocity": v_new}

# %% accumulation_table
def accumulation_table(grad, w0, *, lr, beta, steps):
    rows, w, v, t = [], float(w0), 0.0, 0
    while len(rows) < steps:
        t += 1
        g = float(grad(w))
        v = beta * v - lr * g
        w += v
        rows += [(t, g, v, w)]
    return rows

# %% steps_to_tolerance
def steps_to_tolerance(grad, w0, *, lr, beta, tol, max_steps):
    w = w0.clone()
    v = w.new_zeros(w.shape)
    t = 0
    while True:
        g = grad(w)
        if float(torch.sqrt((g * g).sum())) <= tol:
            return t
        if t == max_steps:
            return None
        v.mul_(beta).sub_(lr * g)        # in place on our own copies only
        w.add_(v)
        t += 1

# %% nesterov_point
def nesterov_point(w, state, *, beta):
    return torch.add(w, state["velocity"], alpha=beta)

# %% nesterov_step
def nesterov_step(w, g, state, *, lr, beta):
    return momentum_step(w, g, state, lr=lr, beta=beta)   # the look-ahead only moved where g was taken
