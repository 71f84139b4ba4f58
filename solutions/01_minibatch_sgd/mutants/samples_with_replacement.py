"""Draws indices with replacement: some samples twice per epoch, others never."""
# %% shuffled_batches (edit)
-    order = torch.randperm(n, generator=generator)
+    order = torch.randint(n, (n,), generator=generator)
