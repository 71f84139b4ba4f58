"""Moves the weights with the old velocity: w_new = w + v, then v_new = β v − η g."""
# %% momentum_step (edit)
-    return w + v_new, {"velocity": v_new}
+    return w + state["velocity"], {"velocity": v_new}
