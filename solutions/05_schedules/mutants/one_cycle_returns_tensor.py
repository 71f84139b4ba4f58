"""Computes with torch tensors (torch.cos) and returns a 0-d tensor instead of a Python float."""
# %% one_cycle
def one_cycle(step, lr, total_steps, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    initial_lr = lr / div_factor
    final_lr = initial_lr / final_div_factor
    peak_step = pct_start * total_steps - 1

    def anneal(start, end, fraction):
        return end + (start - end) * (1 + torch.cos(torch.tensor(math.pi * fraction, dtype=torch.float64))) / 2

    if step <= peak_step:
        return anneal(initial_lr, lr, step / peak_step)
    return anneal(lr, final_lr, (step - peak_step) / (total_steps - 1 - peak_step))
