"""Returns lr untouched before the first decay and multiplies by gamma one decay at a time: called with lr=1 (an int), steps 0…s−1 return the int 1, not a float."""
# %% step_decay
def step_decay(step, lr, step_size, gamma):
    rate = lr
    for _ in range(step // step_size):
        rate = rate * gamma
    return rate
