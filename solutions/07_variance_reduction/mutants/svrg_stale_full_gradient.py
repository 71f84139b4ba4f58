"""Computes μ once, at w0, before the first epoch: the snapshot moves every epoch but μ stays stale, so the
estimate is biased."""
# %% svrg (edit)
-    steps = n if inner_steps is None else inner_steps
+    steps = n if inner_steps is None else inner_steps
+    full_gradient = sample_gradient(w, features, labels, l2, slice(None)).mean(0)

-        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).mean(0)
