"""Counts steps from 1, so every decay comes one step early (t = s − 1 already uses η_0 γ)."""
# %% step_decay
def step_decay(step, lr, step_size, gamma):
    return lr * gamma ** ((step + 1) // step_size)
