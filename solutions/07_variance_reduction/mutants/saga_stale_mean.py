"""Computes the table's mean once, at w0, and never updates it: the estimate is biased as soon as the table changes."""
# %% saga (edit)
-            table_mean = table_mean + (g - table[j]) / n
