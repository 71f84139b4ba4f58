"""Right, written differently: loops instead of powers, the peak reached inside the warm-up branch, the cosine as a weighted average of the two ends, the one-cycle boundary tested with <."""
# %% step_decay
def step_decay(step, lr, step_size, gamma):
    rate = float(lr)
    boundary = step_size
    while boundary <= step:  # one decay at every multiple of step_size that has been reached
        rate *= gamma
        boundary += step_size
    return rate

# %% exponential_decay
def exponential_decay(step, lr, gamma):
    rate = float(lr)
    for _ in range(step):
        rate *= gamma
    return rate

# %% cosine_annealing
def cosine_annealing(step, lr, total_steps, min_lr=0.0):
    if step >= total_steps:
        return float(min_lr)
    c = math.cos(math.pi * step / total_steps)
    return lr * (1 + c) / 2 + min_lr * (1 - c) / 2

# %% warmup_cosine
def warmup_cosine(step, lr, warmup_steps, total_steps, min_lr=0.0, start_lr=0.0):
    if warmup_steps > 0 and step <= warmup_steps:
        fraction = step / warmup_steps
        return (1 - fraction) * start_lr + fraction * lr
    return cosine_annealing(step - warmup_steps, lr, total_steps - warmup_steps, min_lr)

# %% one_cycle
def one_cycle(step, lr, total_steps, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    low = lr / div_factor
    final = low / final_div_factor
    p = float(pct_start * total_steps) - 1
    if step < p:
        start, end, x = low, lr, step / p
    else:
        start, end, x = lr, final, (step - p) / (total_steps - 1 - p)
    return (start + end) / 2 + (start - end) / 2 * math.cos(math.pi * x)
