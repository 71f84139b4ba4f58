"""Pairs the i-th values of each hyperparameter (zip) instead of trying every combination (product)."""
# %% searches (edit)
-    for values in itertools.product(*grid.values()):
+    for values in zip(*grid.values()):
