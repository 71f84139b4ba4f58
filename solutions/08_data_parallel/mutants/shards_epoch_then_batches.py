"""Deals the whole epoch's order to the ranks, then cuts each rank's part into batches: in a short epoch end the ranks take different numbers of steps (and the all-reduce deadlocks)."""
# %% rank_batches
def rank_batches(n, batch_size, rank, world_size, generator):
    order = torch.randperm(n, generator=generator)
    return list(order[rank::world_size].split(batch_size))
