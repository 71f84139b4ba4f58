"""Steps like SAG, (g − φⱼ)/n + φ̄: a biased estimate (SAGA's is unbiased), so the iterates differ."""
# %% saga (edit)
-            w = w - lr * (g - table[j] + table_mean)
+            w = w - lr * ((g - table[j]) / n + table_mean)
