"""Sums the sample gradients for μ instead of averaging them: μ is n times too large, a biased estimate."""
# %% svrg (edit)
-        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).mean(0)
+        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).sum(0)
