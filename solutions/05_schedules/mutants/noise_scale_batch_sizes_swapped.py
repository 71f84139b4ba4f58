"""Weights each mean by the other batch's size in ‖G‖²: (B·S_b − b·S_B)/(B − b)."""
# %% noise_scale (edit)
-    squared_norm = (big_batch * big - small_batch * small) / (big_batch - small_batch)
+    squared_norm = (big_batch * small - small_batch * big) / (big_batch - small_batch)
