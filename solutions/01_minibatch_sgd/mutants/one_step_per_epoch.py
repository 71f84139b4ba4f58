"""Steps once per epoch on the first batch only, instead of once per batch."""
# %% sgd_linear_regression (edit)
-        for batch in shuffled_batches(len(y), batch_size, generator):
-            w = w - lr * minibatch_gradient(w, X[batch], y[batch])
+        batch = shuffled_batches(len(y), batch_size, generator)[0]
+        w = w - lr * minibatch_gradient(w, X[batch], y[batch])
