"""Returns the inputs unchanged when the gradient is zero ("nothing to learn"), but momentum still moves w by β v."""
# %% momentum_step (edit)
-    """Heavy-ball momentum: v_new = β v − η g, w_new = w + v_new. Returns (w_new, {"velocity": v_new})."""
+    if torch.count_nonzero(torch.as_tensor(g)) == 0:
+        return w, state
