"""Runs the table on float64 tensors and stores them in the rows: g_t, v_t, w_t must be Python floats."""
# %% accumulation_table
def accumulation_table(grad, w0, *, lr, beta, steps):
    w, state = torch.tensor(w0, dtype=torch.float64), {"velocity": torch.tensor(0.0, dtype=torch.float64)}
    rows = []
    for t in range(1, steps + 1):
        g = grad(w)
        w, state = momentum_step(w, g, state, lr=lr, beta=beta)
        rows.append((t, g, state["velocity"], w))
    return rows
