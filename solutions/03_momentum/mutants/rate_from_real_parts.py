"""Takes the largest |real part| of T's eigenvalues, not their modulus: wrong when they are complex."""
# %% momentum_rate (edit)
-    return torch.linalg.eigvals(iteration).abs().max().item()
+    return torch.linalg.eigvals(iteration).real.abs().max().item()
