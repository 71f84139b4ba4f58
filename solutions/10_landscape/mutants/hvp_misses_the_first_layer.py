"""Differentiates ∇L·v only with respect to W2 and returns zeros for W1: the W1 block of Hv is missing."""
# %% hvp (edit)
-    return [t.detach() for t in torch.autograd.grad(directional, params)]
+    return [torch.zeros_like(params[0]), torch.autograd.grad(directional, params[1])[0].detach()]
