"""Puts the whole remainder into the last fold: sizes differ by up to k − 1 (n=10, k=4 gives 2, 2, 2, 4)."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    order = torch.randperm(n, generator=generator)
    size = n // k
    folds = [order[i * size:(i + 1) * size] for i in range(k - 1)] + [order[(k - 1) * size:]]
    return [(torch.cat(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]
