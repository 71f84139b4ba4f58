"""Divides S_b − S_B by B − b instead of 1/b − 1/B: tr Σ off by the factor bB."""
# %% noise_scale (edit)
-    trace = (small - big) / (1 / small_batch - 1 / big_batch)
+    trace = (small - big) / (big_batch - small_batch)
