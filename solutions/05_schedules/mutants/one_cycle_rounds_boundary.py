"""Rounds the phase boundary p = pct_start · T − 1 to a whole step: wrong whenever pct_start · T is not an integer."""
# %% one_cycle (edit)
-    peak_step = pct_start * total_steps - 1
+    peak_step = round(pct_start * total_steps) - 1
