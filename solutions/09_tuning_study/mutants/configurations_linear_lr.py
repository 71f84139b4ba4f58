"""Maps every name linearly, the learning rate too: 16 learning rates in [1e-3, 1] and none below 0.06."""
# %% configurations (edit)
-            if scale == "log":
-                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
-            else:
-                params[name] = low + (high - low) * u
+            params[name] = low + (high - low) * u
