"""Stores g in the table before the step: g − φⱼ is then zero and every step is −η φ̄ with a stale mean."""
# %% saga (edit)
-            g = sample_gradient(w, features, labels, l2, j)
+            g = sample_gradient(w, features, labels, l2, j)
+            table[j] = g

-            table_mean = table_mean + (g - table[j]) / n
-            table[j] = g
+            table_mean = table.mean(0)
