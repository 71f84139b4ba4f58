"""Starts each search from the step the previous one accepted instead of alpha0: steps can only shrink."""
# %% armijo (edit)
-    x, iterates, total = x0.clone(), [x0.clone()], 0
+    x, iterates, total, start = x0.clone(), [x0.clone()], 0, alpha0

-        alpha, evaluations = armijo_backtracking(f, x, g, alpha0=alpha0, rho=rho, c=c)
+        alpha, evaluations = armijo_backtracking(f, x, g, alpha0=start, rho=rho, c=c)
+        start = alpha
