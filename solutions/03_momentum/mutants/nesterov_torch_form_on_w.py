"""Applies PyTorch's Nesterov formula to w, in velocity units: g at w itself, then w_new = w + β v_new − η g."""
# %% nesterov_point (edit)
-    return w + beta * state["velocity"]
+    return w.clone()

# %% nesterov_step (edit)
-    return w + v_new, {"velocity": v_new}
+    return w + beta * v_new - lr * g, {"velocity": v_new}
