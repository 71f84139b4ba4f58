"""Updates the caller's w0 in place (w = w0, then w -= ...): the iterates are right but w0 is changed."""
# %% svrg (edit)
-    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0.clone()
+    w = torch.zeros(d, dtype=features.dtype) if w0 is None else w0

-            correction = sample_gradient(snapshot, features, labels, l2, i) - full_gradient
-            w = w - lr * (sample_gradient(w, features, labels, l2, i) - correction)
+            w -= lr * (sample_gradient(w, features, labels, l2, i) - sample_gradient(snapshot, features, labels, l2, i)
+                       + full_gradient)
