"""Computes with tensors and returns 0-d tensors instead of Python floats."""
# %% noise_scale
def noise_scale(small_squared_norms, big_squared_norms, small_batch, big_batch):
    small = torch.tensor(small_squared_norms, dtype=torch.float64).mean()
    big = torch.tensor(big_squared_norms, dtype=torch.float64).mean()
    squared_norm = (big_batch * big - small_batch * small) / (big_batch - small_batch)
    trace = (small - big) / (1 / small_batch - 1 / big_batch)
    return trace, squared_norm, trace / squared_norm
