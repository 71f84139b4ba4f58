"""Counts steps from 0 in the bias correction, 1 − β^(t+1) where t = 1 is the first step: early steps too small."""
# %% adam_step (edit)
-    m_hat = m_new / (1 - beta1**t)
-    v_hat = v_new / (1 - beta2**t)
+    m_hat = m_new / (1 - beta1 ** (t + 1))
+    v_hat = v_new / (1 - beta2 ** (t + 1))
