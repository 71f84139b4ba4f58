"""Looks ahead by the full velocity, w + v, instead of by β v."""
# %% nesterov_point (edit)
-    return w + beta * state["velocity"]
+    return w + state["velocity"]
