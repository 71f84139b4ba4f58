"""Forgets the square in β*: β = (√κ − 1)/(√κ + 1), which is the rate, not the momentum."""
# %% optimal_momentum (edit)
-    return (2 / (math.sqrt(big_l) + math.sqrt(mu))) ** 2, rate**2, rate
+    return (2 / (math.sqrt(big_l) + math.sqrt(mu))) ** 2, rate, rate
