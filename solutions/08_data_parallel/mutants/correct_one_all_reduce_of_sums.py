"""Right, written differently: shards by index arithmetic, one all-reduce of [Σ gradient, count] packed in one tensor, the shard's summed gradient computed directly."""
# %% rank_batches
def rank_batches(n, batch_size, rank, world_size, generator):
    order = torch.randperm(n, generator=generator)
    step = world_size * batch_size
    batches = []
    for start in range(0, n, step):
        stop = max(min(start + step, n), start + rank)  # an empty shard when the batch has no position for this rank
        positions = torch.arange(start + rank, stop, world_size)
        batches.append(order[positions])
    return batches

# %% average_gradient
def average_gradient(grad, count):
    packed = torch.cat([grad.flatten() * count, torch.tensor([count], dtype=grad.dtype)])
    dist.all_reduce(packed, op=dist.ReduceOp.SUM)
    return (packed[:-1] / packed[-1]).reshape(grad.shape)


def average_on_workers(grads, counts):
    return run_workers(lambda rank, world_size: average_gradient(grads[rank], counts[rank]), len(grads))

# %% sgd_worker
def sgd_worker(rank, world_size, X, y, w_init, batch_size, lr, epochs, seed):
    w = w_init[rank].clone()
    dist.broadcast(w, 0)
    generator = torch.Generator().manual_seed(seed)
    used = []
    for epoch in range(epochs):
        for batch in rank_batches(X.shape[0], batch_size, rank, world_size, generator):
            residual = X[batch] @ w - y[batch]
            grad = (residual[:, None] * X[batch]).sum(0) / max(len(batch), 1)  # zero for an empty shard
            w -= lr * average_gradient(grad, len(batch))
            used.append(batch.clone())
    return w, used


def train_data_parallel(X, y, w_init, batch_size, lr, epochs, seed):
    results = run_workers(sgd_worker, w_init.shape[0], X, y, w_init, batch_size, lr, epochs, seed)
    return [(w, batches) for w, batches in results]
