"""Anneals back down to η_init only, ignoring final_div_factor: the cycle ends where it started."""
# %% one_cycle (edit)
-    final_lr = initial_lr / final_div_factor

-    return anneal(lr, final_lr, (step - peak_step) / (total_steps - 1 - peak_step))
+    return anneal(lr, initial_lr, (step - peak_step) / (total_steps - 1 - peak_step))
