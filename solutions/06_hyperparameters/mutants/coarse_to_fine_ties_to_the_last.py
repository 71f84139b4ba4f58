"""Breaks a tie between equal scores in favour of the last (larger) value, not the first: a plateau of ties zooms into its other end."""
# %% coarse_to_fine (edit)
-        best = min(range(points), key=lambda index: this_round[index].score)  # min keeps the first of equal scores
+        best = 0
+        for index in range(points):
+            if this_round[index].score <= this_round[best].score:
+                best = index
