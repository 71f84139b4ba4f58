"""Re-centres each round on the best value one grid step either side, also at an end of the grid: the search leaves [low, high] instead of keeping the end."""
# %% coarse_to_fine (edit)
-        best = min(range(points), key=lambda index: this_round[index].score)  # min keeps the first of equal scores
-        low, high = values[max(best - 1, 0)], values[min(best + 1, points - 1)]
+        spacing = (math.log10(high) - math.log10(low)) / (points - 1)
+        best = math.log10(min(this_round, key=lambda trial: trial.score).params[name])
+        low, high = 10 ** (best - spacing), 10 ** (best + spacing)
