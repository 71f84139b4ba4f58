"""Uses −‖∇f‖² as the slope in the condition even along a given direction d (right only for d = −∇f)."""
# %% armijo (edit)
-    slope = float(grad @ d)
+    slope = -float(grad @ grad)
