"""Ignores the generator and draws from torch's global random state: not reproducible."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    order = torch.randperm(n)
    batches = list(order.split(batch_size))
    if drop_last and n % batch_size:
        batches.pop()
    return batches
