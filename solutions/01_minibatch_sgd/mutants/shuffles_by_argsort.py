"""Shuffles by sorting uniform draws from the generator: a permutation, but not the one torch.randperm gives."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    order = torch.rand(n, generator=generator).argsort()
    batches = list(order.split(batch_size))
    if drop_last and n % batch_size:
        batches.pop()
    return batches
