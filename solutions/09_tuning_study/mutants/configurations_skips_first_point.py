"""Skips the first Sobol point (a habit from the unscrambled sequence, whose first point is the corner 0): every
configuration is the next one of the specification's."""
# %% configurations (edit)
-    points = engine.draw(budget, dtype=torch.float64).tolist()
+    points = engine.draw(budget + 1, dtype=torch.float64)[1:].tolist()
