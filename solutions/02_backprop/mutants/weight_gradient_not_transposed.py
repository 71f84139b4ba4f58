"""Computes dW = dYᵀ X, which has the shape of Wᵀ, instead of Xᵀ dY."""
# %% linear_relu (edit)
-    return dY @ W.T, X.T @ dY, dY.sum(dim=0)
+    return dY @ W.T, dY.T @ X, dY.sum(dim=0)
