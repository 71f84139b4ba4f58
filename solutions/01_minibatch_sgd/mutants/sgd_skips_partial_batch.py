"""Loops over len(y) // batch_size batches in sgd: the last, smaller batch is never used when batch_size does not divide N."""
# %% sgd_linear_regression (edit)
-    """Mini-batch SGD from w = 0; returns (w, [L(w) after each epoch])."""
+    n = len(y)

-        for batch in shuffled_batches(len(y), batch_size, generator):
+        batches = shuffled_batches(n, batch_size, generator)
+        for i in range(n // batch_size):
+            batch = batches[i]
