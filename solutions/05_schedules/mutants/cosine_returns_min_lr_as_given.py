"""Returns min_lr itself once t ≥ T: called with min_lr=0 (an int) the rate is the int 0, not the float 0.0."""
# %% cosine_annealing
def cosine_annealing(step, lr, total_steps, min_lr=0.0):
    if step >= total_steps:
        return min_lr
    return min_lr + (lr - min_lr) * (1 + math.cos(math.pi * step / total_steps)) / 2
