"""Draws a second, independent index for the snapshot term: still unbiased, but ∇fᵢ(w) − ∇fₖ(w̃) does not
cancel near the minimum, so the variance does not vanish; and it draws twice as many indices."""
# %% svrg (edit)
-        for i in torch.randint(n, (steps,), generator=generator).tolist():
-            correction = sample_gradient(snapshot, features, labels, l2, i) - full_gradient
+        indices = torch.randint(n, (steps,), generator=generator).tolist()
+        others = torch.randint(n, (steps,), generator=generator).tolist()
+        for i, k in zip(indices, others):
+            correction = sample_gradient(snapshot, features, labels, l2, k) - full_gradient
