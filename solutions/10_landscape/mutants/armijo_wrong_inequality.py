"""Writes Armijo's test with the inequality the wrong way round: it accepts the first step that does NOT decrease f enough."""
# %% armijo (edit)
-    while float(f(x + alpha * d)) > f_x + c * alpha * slope:
+    while float(f(x + alpha * d)) < f_x + c * alpha * slope:
