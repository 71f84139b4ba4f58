"""Shuffles with a new generator seeded from generator.initial_seed(), "so as not to disturb the caller's": right for a freshly seeded generator, wrong for one already drawn from (and the caller's generator never advances)."""
# %% kfold_splits (edit)
-    order = torch.randperm(n, generator=generator)
+    own_generator = torch.Generator().manual_seed(generator.initial_seed())
+    order = torch.randperm(n, generator=own_generator)
