"""Records seed + i but never passes it to loss: every run trains from torch's global random state, and no trial
can be rerun from its record."""
# %% search (edit)
-        trials.append({"params": params, "seed": seed + i, "validation": float(loss(params, "validation", seed + i))})
+        trials.append({"params": params, "seed": seed + i, "validation": float(loss(params, "validation"))})
