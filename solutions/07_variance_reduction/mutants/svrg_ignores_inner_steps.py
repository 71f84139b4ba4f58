"""Always takes n inner steps per epoch, whatever inner_steps says."""
# %% svrg (edit)
-    steps = n if inner_steps is None else inner_steps

-        for i in torch.randint(n, (steps,), generator=generator).tolist():
+        for i in torch.randint(n, (n,), generator=generator).tolist():
