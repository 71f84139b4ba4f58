"""Sums the ranks' gradients with all-reduce and forgets to divide: every step goes P times too far."""
# %% average_gradient
def average_gradient(grad, count):
    total = grad.clone()
    dist.all_reduce(total)
    return total


def average_on_workers(grads, counts):
    def worker(rank, world_size):
        return average_gradient(grads[rank], counts[rank])

    return run_workers(worker, len(grads))
