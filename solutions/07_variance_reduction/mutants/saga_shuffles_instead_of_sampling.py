"""Visits the samples in a shuffled order each epoch (torch.randperm, without replacement) instead of drawing
indices uniformly with torch.randint."""
# %% saga (edit)
-        for j in torch.randint(n, (n,), generator=generator).tolist():
+        for j in torch.randperm(n, generator=generator).tolist():
