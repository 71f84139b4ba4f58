"""Puts ε inside Adam's square root, √(v̂ + ε), where the spec (and torch) put it outside."""
# %% adam_step (edit)
-    return w - lr * m_hat / (v_hat.sqrt() + eps), {"step": t, "exp_avg": m_new, "exp_avg_sq": v_new}
+    return w - lr * m_hat / (v_hat + eps).sqrt(), {"step": t, "exp_avg": m_new, "exp_avg_sq": v_new}
