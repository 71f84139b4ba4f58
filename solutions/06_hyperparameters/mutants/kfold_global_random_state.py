"""Shuffles with torch's global random state instead of the generator: the split cannot be reproduced from a seed."""
# %% kfold_splits (edit)
-    order = torch.randperm(n, generator=generator)
+    order = torch.randperm(n)
