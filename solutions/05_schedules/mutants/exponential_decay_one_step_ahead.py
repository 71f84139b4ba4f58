"""Decays before the first step: η_t = η_0 γ^(t+1), so step 0 already uses η_0 γ."""
# %% exponential_decay
def exponential_decay(step, lr, gamma):
    return lr * gamma ** (step + 1)
