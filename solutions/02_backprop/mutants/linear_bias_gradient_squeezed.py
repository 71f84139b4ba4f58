"""Squeezes db "to make it a vector": with a single output unit, db becomes 0-dimensional instead of shape (1,)."""
# %% linear_relu (edit)
-    return dY @ W.T, X.T @ dY, dY.sum(dim=0)
+    dX = dY @ W.T
+    dW = X.T @ dY
+    db = dY.sum(dim=0).squeeze()
+    return dX, dW, db
