"""All-reduces (and averages) the weights instead of the gradients, then steps with its own shard's gradient."""
# %% sgd_worker (edit)
-            if len(batch):
-                grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch)
-            else:
-                grad = torch.zeros_like(w)
-            w = w - lr * average_gradient(grad, len(batch))
+            grad = X[batch].T @ (X[batch] @ w - y[batch]) / len(batch) if len(batch) else torch.zeros_like(w)
+            dist.all_reduce(w)
+            w = w / world_size - lr * grad
