"""After the warm-up, evaluates the cosine at t over all T steps instead of at t − W over T − W: the peak is never reached."""
# %% warmup_cosine
def warmup_cosine(step, lr, warmup_steps, total_steps, min_lr=0.0, start_lr=0.0):
    if step < warmup_steps:
        return start_lr + (lr - start_lr) * step / warmup_steps
    return cosine_annealing(step, lr, total_steps, min_lr)
