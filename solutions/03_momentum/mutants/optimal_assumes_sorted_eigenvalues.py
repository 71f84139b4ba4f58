"""Takes μ and L as the first and last eigenvalue, as if the list were sorted."""
# %% optimal_momentum (edit)
-    mu, big_l = eigenvalues.min().item(), eigenvalues.max().item()
+    mu, big_l = eigenvalues[0].item(), eigenvalues[-1].item()
