"""Shuffles once with a fixed seed: every epoch visits the samples in the same order."""
# %% shuffled_batches (edit)
-    order = torch.randperm(n, generator=generator)
+    order = torch.randperm(n, generator=torch.Generator().manual_seed(0))
