"""Shuffles with a new generator seeded from generator.initial_seed(), "so as not to disturb the caller's": right for a freshly seeded generator, wrong for one already drawn from (and the caller's generator never advances)."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    own_generator = torch.Generator().manual_seed(generator.initial_seed())
    order = torch.randperm(n, generator=own_generator)
    sizes = [n // k + 1 if fold < n % k else n // k for fold in range(k)]
    folds = order.split(sizes)
    return [(torch.cat(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]
