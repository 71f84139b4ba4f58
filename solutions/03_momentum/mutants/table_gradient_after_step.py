"""Records the gradient at the new weights w_t in the row of step t instead of g_t = ∇L(w_{t−1})."""
# %% accumulation_table
def accumulation_table(grad, w0, *, lr, beta, steps):
    w, state = w0, {"velocity": 0.0}
    rows = []
    for t in range(1, steps + 1):
        w, state = momentum_step(w, grad(w), state, lr=lr, beta=beta)
        rows.append((t, float(grad(w)), float(state["velocity"]), float(w)))
    return rows
