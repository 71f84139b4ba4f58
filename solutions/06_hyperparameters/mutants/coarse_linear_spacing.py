"""Spaces the values evenly on a linear scale: round 1 on [1e-5, 1] never tries anything below 0.2."""
# %% coarse_to_fine (edit)
-        values = torch.logspace(math.log10(low), math.log10(high), points, dtype=torch.float64).tolist()
+        values = torch.linspace(low, high, points, dtype=torch.float64).tolist()
