"""Leaves out the snapshot term: steps along ∇fᵢ(w) + μ, a biased estimate that never converges to w*."""
# %% svrg (edit)
-            correction = sample_gradient(snapshot, features, labels, l2, i) - full_gradient
-            w = w - lr * (sample_gradient(w, features, labels, l2, i) - correction)
+            w = w - lr * (sample_gradient(w, features, labels, l2, i) + full_gradient)
