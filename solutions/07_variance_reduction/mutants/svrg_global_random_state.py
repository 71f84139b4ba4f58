"""Draws the indices from torch's global random state instead of the generator: not reproducible."""
# %% svrg (edit)
-        for i in torch.randint(n, (steps,), generator=generator).tolist():
+        for i in torch.randint(n, (steps,)).tolist():
