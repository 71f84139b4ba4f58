"""Uses the pre-activation A instead of the ReLU output H as the input of the second layer's dW."""
# %% mlp_gradients (edit)
-    dH, dW2, db2 = linear_backward(dlogits, H, W2)
+    dH, dW2, db2 = linear_backward(dlogits, A, W2)
