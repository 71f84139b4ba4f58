"""Ignores the generator and draws from torch's global random state: not reproducible."""
# %% shuffled_batches (edit)
-    order = torch.randperm(n, generator=generator)
+    order = torch.randperm(n)
