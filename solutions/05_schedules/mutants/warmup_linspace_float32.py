"""Reads the warm-up ramp off torch.linspace, whose default dtype is float32: every warm-up rate is off by ~1e-8 relative."""
# %% warmup_cosine (edit)
-        return start_lr + (lr - start_lr) * step / warmup_steps
+        return torch.linspace(start_lr, lr, warmup_steps + 1)[step].item()
