"""Computes with torch tensors (torch.cos) and returns a 0-d tensor instead of a Python float."""
# %% one_cycle (edit)
-        return end + (start - end) * (1 + math.cos(math.pi * fraction)) / 2
+        return end + (start - end) * (1 + torch.cos(torch.tensor(math.pi * fraction, dtype=torch.float64))) / 2
