"""Runs the table on float64 tensors and stores them in the rows: g_t, v_t, w_t must be Python floats."""
# %% accumulation_table
def accumulation_table(grad, w0, *, lr, beta, steps):
    w, v = torch.tensor(w0, dtype=torch.float64), torch.tensor(0.0, dtype=torch.float64)
    rows = []
    for t in range(1, steps + 1):
        g = grad(w)
        w, v = momentum_step(w, g, v, lr=lr, beta=beta)
        rows.append((t, g, v, w))
    return rows
