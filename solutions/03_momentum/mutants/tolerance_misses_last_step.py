"""Loops over range(max_steps), so w at t = max_steps is never tested: a run that gets there returns None."""
# %% steps_to_tolerance (edit)
-    for t in range(max_steps + 1):
+    for t in range(max_steps):
