"""Averages instead of accumulating: v_new = β v − (1 − β) η g (an EMA), so steady steps are η g, not η g / (1 − β)."""
# %% momentum_step (edit)
-    v_new = beta * state["velocity"] - lr * g
+    v_new = beta * state["velocity"] - (1 - beta) * lr * g
