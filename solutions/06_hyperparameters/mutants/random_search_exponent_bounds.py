"""Treats low and high as exponents on a log scale, 10 ** (low + (high − low) u): values fall outside [low, high]."""
# %% searches (edit)
-                params[name] = 10 ** (math.log10(low) + (math.log10(high) - math.log10(low)) * u)
+                params[name] = 10 ** (low + (high - low) * u)
