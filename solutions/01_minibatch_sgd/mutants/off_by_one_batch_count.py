"""Always makes n // batch_size + 1 batches: an empty batch when batch_size divides n."""
# %% shuffled_batches
def shuffled_batches(n, batch_size, generator, drop_last=False):
    order = torch.randperm(n, generator=generator)
    count = n // batch_size if drop_last else n // batch_size + 1
    return [order[i * batch_size:(i + 1) * batch_size] for i in range(count)]
