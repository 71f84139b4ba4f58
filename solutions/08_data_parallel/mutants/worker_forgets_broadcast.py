"""Starts each rank from its own initial weights: forgets to broadcast rank 0's, so the copies never agree."""
# %% sgd_worker (edit)
-    dist.broadcast(w, src=0)

-            if len(batch):
-                grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch)
-            else:
-                grad = torch.zeros_like(w)
+            grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch) if len(batch) else torch.zeros_like(w)
