"""Takes the big batch's mean squared norm for ‖G‖², ignoring the noise tr Σ / B it still holds."""
# %% noise_scale (edit)
-    squared_norm = (big_batch * big - small_batch * small) / (big_batch - small_batch)
+    squared_norm = big
