"""Stores the new velocity in the state dict it was given and returns that dict: the caller's state changes."""
# %% momentum_step (edit)
-    return w + v_new, {"velocity": v_new}
+    state["velocity"] = v_new
+    return w + v_new, state
