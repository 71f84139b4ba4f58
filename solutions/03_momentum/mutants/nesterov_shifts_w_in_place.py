"""Shifts w in place to the look-ahead point (nesterov_point) and back (nesterov_step) to save a tensor: the caller's w moves."""
# %% nesterov_point
def nesterov_point(w, state, *, beta):
    return w.add_(state["velocity"], alpha=beta)

# %% nesterov_step (edit)
-    """Nesterov momentum with g = ∇L(w + β v): v_new = β v − η g, w_new = w + v_new."""
+    w.sub_(state["velocity"], alpha=beta)       # back from the look-ahead point
