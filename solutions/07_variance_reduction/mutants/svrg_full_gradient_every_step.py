"""Recomputes μ at the current w at every inner step (a full pass per step, and μ no longer matches the
snapshot): an expensive step that is not SVRG's."""
# %% svrg (edit)
-        full_gradient = sample_gradient(snapshot, features, labels, l2, slice(None)).mean(0)

-        for i in torch.randint(n, (steps,), generator=generator).tolist():
+        for i in torch.randint(n, (steps,), generator=generator).tolist():
+            full_gradient = sample_gradient(w, features, labels, l2, slice(None)).mean(0)
