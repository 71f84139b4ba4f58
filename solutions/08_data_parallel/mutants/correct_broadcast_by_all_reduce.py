"""Right, written differently: rank 0's weights reach the others by an all-reduce of (w on rank 0, zeros elsewhere), the shards by index_select over a mask, the average by two all-reduces on a float count."""
# %% rank_batches
def rank_batches(n, batch_size, rank, world_size, generator):
    order = torch.randperm(n, generator=generator)
    shards = []
    for batch in torch.split(order, world_size * batch_size):
        mine = torch.arange(len(batch)) % world_size == rank
        shards.append(batch[mine])
    return shards

# %% average_gradient
def average_gradient(grad, count):
    weighted = count * grad.clone()
    total = torch.zeros((), dtype=grad.dtype) + count
    dist.all_reduce(weighted)
    dist.all_reduce(total)
    return weighted / total


def average_on_workers(grads, counts):
    def on_rank(rank, world_size):
        return average_gradient(grads[rank], counts[rank])
    return run_workers(on_rank, len(counts))

# %% sgd_worker
def sgd_worker(rank, world_size, X, y, w_init, batch_size, lr, epochs, seed):
    w = w_init[0].clone() if rank == 0 else torch.zeros_like(w_init[rank])
    dist.all_reduce(w)  # rank 0's weights plus zeros: a broadcast
    generator = torch.Generator().manual_seed(seed)
    used = []
    for _ in range(epochs):
        for batch in rank_batches(len(y), batch_size, rank, world_size, generator):
            grad = torch.zeros_like(w)
            if batch.numel() > 0:
                Xb, yb = X.index_select(0, batch), y.index_select(0, batch)
                grad = Xb.T @ (Xb @ w - yb) / batch.numel()
            w = w - lr * average_gradient(grad, batch.numel())
            used.append(batch)
    return w, used


def train_data_parallel(X, y, w_init, batch_size, lr, epochs, seed):
    return run_workers(sgd_worker, len(w_init), X, y, w_init, batch_size, lr, epochs, seed)
