"""With drop_last, always removes the last batch, even when batch_size divides n and that batch is full."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    batches = list(torch.randperm(n, generator=generator).split(batch_size))
    if drop_last:
        batches.pop()
    return batches
