"""Puts the phase boundary at p = pct_start · T instead of pct_start · T − 1: the peak comes one step late."""
# %% one_cycle (edit)
-    peak_step = pct_start * total_steps - 1
+    peak_step = pct_start * total_steps
