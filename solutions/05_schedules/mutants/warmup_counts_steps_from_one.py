"""Ramps with (t + 1) / W, the common off-by-one: step 0 already has η_max / W and the peak comes one step early."""
# %% warmup_cosine
def warmup_cosine(step, lr, warmup_steps, total_steps, min_lr=0.0, start_lr=0.0):
    if step < warmup_steps:
        return start_lr + (lr - start_lr) * (step + 1) / warmup_steps
    return cosine_annealing(step - warmup_steps, lr, total_steps - warmup_steps, min_lr)
