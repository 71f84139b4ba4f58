"""Returns w and the state unchanged for a zero gradient (as torch skips a parameter without one): m still carries w."""
# %% adam_step (edit)
-    """Adam with bias correction at step t = state["step"] + 1.
-
-    Returns (w_new, {"step": t, "exp_avg": m_new, "exp_avg_sq": v_new}).
-    """
+    if not g.any():
+        return w.clone(), {key: value.clone() if torch.is_tensor(value) else value for key, value in state.items()}
