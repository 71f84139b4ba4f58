"""Stores the new gradient at the step counter's row instead of the drawn index's: the table no longer holds each
sample's own gradient."""
# %% saga (edit)
-        for j in torch.randint(n, (n,), generator=generator).tolist():
+        for t, j in enumerate(torch.randint(n, (n,), generator=generator).tolist()):

-            table_mean = table_mean + (g - table[j]) / n
-            table[j] = g
+            table_mean = table_mean + (g - table[t]) / n
+            table[t] = g
