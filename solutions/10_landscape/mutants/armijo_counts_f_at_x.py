"""Counts the evaluation of f(x) as a trial point: every count is one too many."""
# %% armijo (edit)
-    alpha, evaluations = alpha0, 1
+    alpha, evaluations = alpha0, 2
