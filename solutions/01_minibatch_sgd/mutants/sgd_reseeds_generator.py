"""Re-seeds a fresh generator from generator.initial_seed() in sgd: right only for a generator nobody has drawn from yet, and the caller's generator never advances."""
# %% sgd_linear_regression (edit)
-    """Mini-batch SGD from w = 0; returns (w, [L(w) after each epoch])."""
+    rng = torch.Generator().manual_seed(generator.initial_seed())  # reproducible from the seed

-        for batch in shuffled_batches(len(y), batch_size, generator):
+        for batch in shuffled_batches(len(y), batch_size, rng):
