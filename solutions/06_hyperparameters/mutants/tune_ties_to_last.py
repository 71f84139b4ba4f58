"""Keeps a later configuration on a validation tie (<= instead of <): the choice depends on the grid's tail."""
# %% tune (edit)
-        if chosen_losses is None or losses["validation"] < chosen_losses["validation"]:
+        if chosen_losses is None or losses["validation"] <= chosen_losses["validation"]:
