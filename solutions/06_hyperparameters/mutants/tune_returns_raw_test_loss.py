"""Returns the test loss as evaluate gave it: a tensor or an int when evaluate returns one, not a float."""
# %% tune (edit)
-    return chosen_params, float(chosen_losses["test"])
+    return chosen_params, chosen_losses["test"]
