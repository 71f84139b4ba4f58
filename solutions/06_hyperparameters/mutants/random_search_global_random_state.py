"""Draws from torch's global random state instead of the generator: the search cannot be replayed from a seed."""
# %% searches (edit)
-            u = torch.rand((), generator=generator, dtype=torch.float64).item()
+            u = torch.rand((), dtype=torch.float64).item()
