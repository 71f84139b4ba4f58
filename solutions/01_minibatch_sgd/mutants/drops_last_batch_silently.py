"""Cuts only full batches, so the partial last batch vanishes even without drop_last."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    order = torch.randperm(n, generator=generator)
    return [order[start:start + batch_size] for start in range(0, n - batch_size + 1, batch_size)]
