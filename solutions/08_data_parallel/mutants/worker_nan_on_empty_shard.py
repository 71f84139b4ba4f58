"""Takes the mean gradient of an empty shard (0/0 = nan), which the all-reduce spreads to every rank."""
# %% sgd_worker (edit)
-            if len(batch):
-                grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch)
-            else:
-                grad = torch.zeros_like(w)
+            grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch)
