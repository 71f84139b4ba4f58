"""All-reduces count · grad but divides by this rank's own count instead of the total."""
# %% average_gradient
def average_gradient(grad, count):
    total = grad * count
    dist.all_reduce(total)
    return total / max(count, 1)


def average_on_workers(grads, counts):
    def worker(rank, world_size):
        return average_gradient(grads[rank], counts[rank])

    return run_workers(worker, len(grads))
