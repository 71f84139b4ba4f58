"""Averages the loss over the batch but forgets the 1/N in its gradient."""
# %% softmax_cross_entropy (edit)
-    return loss, dlogits / n
+    return loss, dlogits
