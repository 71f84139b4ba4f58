"""Puts Nesterov's gradient point at w instead of the look-ahead point w + β v: plain heavy-ball momentum."""
# %% nesterov_point (edit)
-    return w + beta * state["velocity"]
+    return w.clone()
