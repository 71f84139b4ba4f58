"""Stops when the largest gradient coordinate is ≤ tol (max-norm) instead of the Euclidean norm."""
# %% steps_to_tolerance (edit)
-        if torch.linalg.vector_norm(g) <= tol:
+        if g.abs().max() <= tol:
