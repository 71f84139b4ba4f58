"""Zeroes the upstream gradient in place (dY[X <= 0] = 0) and returns it: the caller's dY is overwritten."""
# %% linear_relu (edit)
-    return dY * (X > 0)
+    dY[X <= 0] = 0
+    return dY
