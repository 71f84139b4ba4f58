"""Shuffles once with a fixed seed: every epoch visits the samples in the same order."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    order = torch.randperm(n, generator=torch.Generator().manual_seed(0))
    batches = list(order.split(batch_size))
    if drop_last and n % batch_size:
        batches.pop()
    return batches
