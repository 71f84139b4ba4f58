"""Shuffles by sorting uniform draws from the generator: a permutation, but not the one torch.randperm gives."""
# %% shuffled_batches (edit)
-    order = torch.randperm(n, generator=generator)
+    order = torch.rand(n, generator=generator).argsort()
