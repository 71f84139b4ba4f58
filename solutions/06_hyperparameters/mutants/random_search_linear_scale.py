"""Draws the learning rate uniformly on a linear scale even when the space says "log": 99% of draws land above 1e-2."""
# %% searches (edit)
-            if scale == "log":
-                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
-            else:
-                params[name] = low + (high - low) * u
+            params[name] = low + (high - low) * u
