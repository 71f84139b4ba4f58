"""Stops when the gradient norm is < tol: a norm exactly equal to tol must count as reached (≤)."""
# %% steps_to_tolerance (edit)
-        if torch.linalg.vector_norm(g) <= tol:
+        if torch.linalg.vector_norm(g) < tol:
