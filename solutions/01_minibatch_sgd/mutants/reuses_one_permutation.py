"""Caches the first permutation it draws and hands it out again at every epoch."""
# %% shuffled_batches
_permutations = {}

def shuffled_batches(n, batch_size, generator, drop_last=False):
    if n not in _permutations:
        _permutations[n] = torch.randperm(n, generator=generator)
    batches = list(_permutations[n].split(batch_size))
    if drop_last and n % batch_size:
        batches.pop()
    return batches
