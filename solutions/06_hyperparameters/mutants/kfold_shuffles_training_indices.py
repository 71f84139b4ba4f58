"""Also shuffles each fold's training indices with the generator: the folds are right, but it draws more than the one randperm(n), so every later draw from the generator differs."""
# %% kfold_splits
def kfold_splits(n, k, generator):
    order = torch.randperm(n, generator=generator)
    sizes = [n // k + 1 if fold < n % k else n // k for fold in range(k)]
    folds = order.split(sizes)
    splits = []
    for i in range(k):
        train = torch.cat(folds[:i] + folds[i + 1:])
        splits.append((train[torch.randperm(len(train), generator=generator)], folds[i]))
    return splits
