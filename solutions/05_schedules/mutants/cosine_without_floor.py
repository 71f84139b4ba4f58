"""Anneals to 0 whatever min_lr is: the floor η_min is left out of the cosine."""
# %% cosine_annealing
def cosine_annealing(step, lr, total_steps, min_lr=0.0):
    progress = min(step, total_steps) / total_steps
    return lr * (1 + math.cos(math.pi * progress)) / 2
