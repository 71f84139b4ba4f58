"""Never normalises v: λ = vᵀMv then grows with ‖v‖² (and v overflows for large eigenvalues)."""
# %% power (edit)
-    v = v0 / v0.norm()
+    v = v0.clone()

-        v = Mv / Mv.norm()
+        v = Mv
