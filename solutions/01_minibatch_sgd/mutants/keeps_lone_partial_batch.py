"""With drop_last, never returns an empty epoch: keeps the only batch when batch_size exceeds n."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    batches = list(torch.randperm(n, generator=generator).split(batch_size))
    if drop_last and len(batches) > 1 and len(batches[-1]) < batch_size:
        batches.pop()
    return batches
