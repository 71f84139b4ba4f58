"""Builds the grid with torch.cartesian_prod over float64 tensors: the order is right, but every value comes back a float (batch_size 32.0), and a grid of strings cannot be built at all."""
# %% searches (edit)
-    names = list(grid)
+    names = list(grid)
+    columns = [torch.tensor(values, dtype=torch.float64) for values in grid.values()]
+    rows = torch.cartesian_prod(*columns).reshape(-1, len(names)).tolist()

-    for values in itertools.product(*grid.values()):
+    for values in rows:
