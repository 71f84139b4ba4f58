"""Seeds each rank's generator with seed + rank: every rank shuffles differently and the shards overlap."""
# %% sgd_worker
def sgd_worker(rank, world_size, X, y, w_init, batch_size, lr, epochs, seed):
    w = w_init[rank].clone()
    dist.broadcast(w, src=0)
    generator = torch.Generator().manual_seed(seed + rank)
    used = []
    for _ in range(epochs):
        for batch in rank_batches(len(y), batch_size, rank, world_size, generator):
            grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch) if len(batch) else torch.zeros_like(w)
            w = w - lr * average_gradient(grad, len(batch))
            used.append(batch)
    return w, used


def train_data_parallel(X, y, w_init, batch_size, lr, epochs, seed):
    return run_workers(sgd_worker, len(w_init), X, y, w_init, batch_size, lr, epochs, seed)
