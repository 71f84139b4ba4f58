"""Ramps with (t + 1) / W, the common off-by-one: step 0 already has η_max / W and the peak comes one step early."""
# %% warmup_cosine (edit)
-        return start_lr + (lr - start_lr) * step / warmup_steps
+        return start_lr + (lr - start_lr) * (step + 1) / warmup_steps
