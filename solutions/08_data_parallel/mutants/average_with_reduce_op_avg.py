"""All-reduces with dist.ReduceOp.AVG: the plain mean of the ranks' gradients, wrong when the shards differ in size."""
# %% average_gradient
def average_gradient(grad, count):
    average = grad.clone()
    dist.all_reduce(average, op=dist.ReduceOp.AVG)
    return average


def average_on_workers(grads, counts):
    def worker(rank, world_size):
        return average_gradient(grads[rank], counts[rank])

    return run_workers(worker, len(grads))
