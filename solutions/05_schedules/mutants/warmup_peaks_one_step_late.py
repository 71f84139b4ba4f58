"""Ramps over W + 1 steps (t / W for t ≤ W) and starts the cosine at W + 1: the peak is held two steps, the cosine one step late."""
# %% warmup_cosine
def warmup_cosine(step, lr, warmup_steps, total_steps, min_lr=0.0, start_lr=0.0):
    if step <= warmup_steps:
        return start_lr + (lr - start_lr) * step / max(warmup_steps, 1)
    return cosine_annealing(step - warmup_steps - 1, lr, total_steps - warmup_steps, min_lr)
