"""Does not clamp t at T: like torch's periodic CosineAnnealingLR, the rate climbs back up after T."""
# %% cosine_annealing
def cosine_annealing(step, lr, total_steps, min_lr=0.0):
    return min_lr + (lr - min_lr) * (1 + math.cos(math.pi * step / total_steps)) / 2
