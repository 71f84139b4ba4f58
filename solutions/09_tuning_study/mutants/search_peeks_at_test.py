"""Evaluates the test split of every trial "just to see": the records are right, but the test split has been
looked at by the search."""
# %% search (edit)
-        trials.append({"params": params, "seed": seed + i, "validation": float(loss(params, "validation", seed + i))})
+        trials.append({"params": params, "seed": seed + i, "validation": float(loss(params, "validation", seed + i))})
+        print(f"trial {i}: test loss {loss(params, 'test', seed + i):.4f}")
