"""Draws the hyperparameters in alphabetical order of their names, not in the space's key order: right only when the space happens to be sorted."""
# %% searches (edit)
-        for name, (low, high, scale) in space.items():
+        for name in sorted(space):
+            low, high, scale = space[name]
