"""Casts every input to float64 "for accuracy": the gradients come back in float64 for float32 parameters."""
# %% mlp_gradients (edit)
-    """Loss and parameter gradients of softmax-CE(ReLU(X W1 + b1) W2 + b2)."""
+    X, W1, b1, W2, b2 = X.double(), W1.double(), b1.double(), W2.double(), b2.double()
