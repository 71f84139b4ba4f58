"""Clips the negative entries of X in place (X[X < 0] = 0) and returns X: the caller's input is overwritten."""
# %% linear_relu (edit)
-    return X.clamp(min=0)
+    X[X < 0] = 0
+    return X
