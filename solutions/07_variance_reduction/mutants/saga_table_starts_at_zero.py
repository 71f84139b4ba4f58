"""Starts the table at zero instead of at the gradients at w0: the early steps are biased."""
# %% saga (edit)
-    table = sample_gradient(w, features, labels, l2, slice(None))
-    table_mean = table.mean(0)
+    table = torch.zeros(n, d, dtype=features.dtype)
+    table_mean = torch.zeros(d, dtype=features.dtype)
