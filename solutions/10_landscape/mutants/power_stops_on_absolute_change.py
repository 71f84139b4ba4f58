"""Stops when |λₖ − λₖ₋₁| ≤ tol, not relative to max(1, |λₖ|): far too many iterations for large eigenvalues."""
# %% power (edit)
-        if previous is not None and abs(eigenvalue - previous) <= tol * max(1.0, abs(eigenvalue)):
+        if previous is not None and abs(eigenvalue - previous) <= tol:
