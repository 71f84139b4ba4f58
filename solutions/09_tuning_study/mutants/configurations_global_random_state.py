"""Scrambles the Sobol sequence without the seed: the engine draws its scrambling from torch's global random state."""
# %% configurations (edit)
-    engine = torch.quasirandom.SobolEngine(dimension=len(space), scramble=True, seed=seed)
+    engine = torch.quasirandom.SobolEngine(dimension=len(space), scramble=True)
