"""Sums the gradient over the batch instead of averaging: the step grows with the batch size."""
# %% sgd_linear_regression (edit)
-    return X_batch.T @ (X_batch @ w - y_batch) / len(y_batch)
+    return X_batch.T @ (X_batch @ w - y_batch)
