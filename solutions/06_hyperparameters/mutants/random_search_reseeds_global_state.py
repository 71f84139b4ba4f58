"""Seeds torch's global random state with generator.initial_seed() and draws from it: matches a freshly seeded generator, not one already drawn from, and never advances the caller's generator."""
# %% searches (edit)
-    """`budget` Trials; each value drawn from the generator on its (low, high, scale) range."""
+    torch.manual_seed(generator.initial_seed())

-            u = torch.rand((), generator=generator, dtype=torch.float64).item()
+            u = torch.rand((), dtype=torch.float64).item()
