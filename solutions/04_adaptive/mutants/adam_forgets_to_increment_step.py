"""Uses t = state["step"] + 1 but returns the step it was given: every step of a run is corrected as the first."""
# %% adam_step (edit)
-    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": t, "exp_avg": m_new, "exp_avg_sq": v_new}
+    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": state["step"], "exp_avg": m_new, "exp_avg_sq": v_new}
