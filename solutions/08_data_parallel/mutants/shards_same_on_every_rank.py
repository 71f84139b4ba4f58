"""Every rank takes the same shard (the first b samples of each global batch): the ranks sample the same data."""
# %% rank_batches
def rank_batches(n, batch_size, rank, world_size, generator):
    order = torch.randperm(n, generator=generator)
    return [batch[:batch_size] for batch in order.split(world_size * batch_size)]
