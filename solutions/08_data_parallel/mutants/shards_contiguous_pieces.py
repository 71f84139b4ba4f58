"""Gives rank r the r-th run of b consecutive positions of each global batch: in a short last batch the shards are unbalanced."""
# %% rank_batches
def rank_batches(n, batch_size, rank, world_size, generator):
    order = torch.randperm(n, generator=generator)
    return [batch[rank * batch_size:(rank + 1) * batch_size] for batch in order.split(world_size * batch_size)]
