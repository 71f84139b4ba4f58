"""Keeps the old signature's habit: returns (w_new, v_new), the velocity tensor, instead of the state dict."""
# %% momentum_step (edit)
-    return w + v_new, {"velocity": v_new}
+    return w + v_new, v_new
