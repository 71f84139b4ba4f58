"""Records each epoch's loss as a 0-d tensor instead of a Python float (no .item())."""
# %% sgd_linear_regression (edit)
-        losses.append(((X @ w - y).square().mean() / 2).item())
+        losses.append((X @ w - y).square().mean() / 2)
