"""Lets torch.autograd compute the MLP's gradients instead of chaining the hand-written backward passes."""
# %% mlp_gradients
def mlp_gradients(X, labels, W1, b1, W2, b2):
    leaves = {name: p.clone().requires_grad_() for name, p in dict(W1=W1, b1=b1, W2=W2, b2=b2).items()}
    logits = torch.relu(X @ leaves["W1"] + leaves["b1"]) @ leaves["W2"] + leaves["b2"]
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    return loss.detach(), {name: leaf.grad for name, leaf in leaves.items()}
