"""After the warm-up, evaluates the cosine at t over all T steps instead of at t − W over T − W: the peak is never reached."""
# %% warmup_cosine (edit)
-    return cosine_annealing(step - warmup_steps, lr, total_steps - warmup_steps, min_lr)
+    return cosine_annealing(step, lr, total_steps, min_lr)
