"""Subtracts each row's maximum from the logits in place (logits -= max): the caller's logits are overwritten."""
# %% softmax_cross_entropy (edit)
-    shifted = logits - logits.max(dim=1, keepdim=True).values
-    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
+    logits -= logits.max(dim=1, keepdim=True).values
+    log_probs = logits - logits.exp().sum(dim=1, keepdim=True).log()
