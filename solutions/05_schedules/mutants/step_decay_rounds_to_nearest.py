"""Rounds t / s to the nearest integer instead of down: decays half a period early (t = 6 with s = 10)."""
# %% step_decay
def step_decay(step, lr, step_size, gamma):
    return lr * gamma ** round(step / step_size)
