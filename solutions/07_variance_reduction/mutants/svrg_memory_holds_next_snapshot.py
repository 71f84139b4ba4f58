"""Reports the final w (the snapshot the next epoch would take) and ∇f there as its memory, not the
snapshot and μ the last epoch used."""
# %% svrg (edit)
-    return torch.stack(iterates), {"snapshot": snapshot, "full_gradient": full_gradient}
+    last = sample_gradient(w, features, labels, l2, slice(None)).mean(0)
+    return torch.stack(iterates), {"snapshot": w.clone(), "full_gradient": last}
