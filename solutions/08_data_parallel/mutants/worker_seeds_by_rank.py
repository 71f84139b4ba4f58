"""Seeds each rank's generator with seed + rank: every rank shuffles differently and the shards overlap."""
# %% sgd_worker (edit)
-    generator = torch.Generator().manual_seed(seed)
+    generator = torch.Generator().manual_seed(seed + rank)

-            if len(batch):
-                grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch)
-            else:
-                grad = torch.zeros_like(w)
+            grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch) if len(batch) else torch.zeros_like(w)
