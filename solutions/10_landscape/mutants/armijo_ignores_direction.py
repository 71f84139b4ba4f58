"""Always searches along −∇f, whatever direction it is given."""
# %% armijo (edit)
-    d = -grad if direction is None else direction
+    d = -grad
