"""Squares only the denominator of η*: 2/(√L + √μ)² instead of (2/(√L + √μ))², half the step."""
# %% optimal_momentum (edit)
-    return (2 / (math.sqrt(big_l) + math.sqrt(mu))) ** 2, rate**2, rate
+    return 2 / (math.sqrt(big_l) + math.sqrt(mu)) ** 2, rate**2, rate
