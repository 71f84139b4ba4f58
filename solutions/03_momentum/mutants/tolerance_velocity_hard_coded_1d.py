"""Starts the velocity as torch.zeros(len(w0)): a vector whatever w0's shape (wrong for matrices, an error for 0-d)."""
# %% steps_to_tolerance (edit)
-    w, state = w0, {"velocity": torch.zeros_like(w0)}
+    w, state = w0, {"velocity": torch.zeros(len(w0), dtype=w0.dtype)}
