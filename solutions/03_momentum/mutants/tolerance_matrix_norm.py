"""Uses torch.linalg.norm(g, 2), the 2-norm of a vector but the largest singular value of a matrix."""
# %% steps_to_tolerance (edit)
-        if torch.linalg.vector_norm(g) <= tol:
+        if torch.linalg.norm(g, 2) <= tol:
