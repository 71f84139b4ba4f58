"""Backpropagates through the ReLU by zeroing only where the pre-activation is negative: passes the gradient where it is exactly 0."""
# %% mlp_gradients (edit)
-    dA = relu_backward(dH, A)
+    dA = dH.clone()
+    dA[A < 0] = 0
