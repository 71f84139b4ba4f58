"""Draws each validation fold from its own permutation: folds overlap and some indices are never validated."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    sizes = [n // k + 1 if fold < n % k else n // k for fold in range(k)]
    splits = []
    for size in sizes:
        order = torch.randperm(n, generator=generator)
        splits.append((order[size:], order[:size]))
    return splits
