"""Returns the loss as a Python float (.item()) instead of a 0-dimensional tensor."""
# %% softmax_cross_entropy
def softmax_cross_entropy(logits, labels):
    shifted = logits - logits.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    n = len(labels)
    loss = -log_probs[torch.arange(n), labels].mean().item()
    dlogits = log_probs.exp()
    dlogits[torch.arange(n), labels] -= 1
    return loss, dlogits / n
