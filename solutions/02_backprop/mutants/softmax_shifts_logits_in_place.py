"""Subtracts each row's maximum from the logits in place (logits -= max): the caller's logits are overwritten."""
# %% softmax_cross_entropy
def softmax_cross_entropy(logits, labels):
    logits -= logits.max(dim=1, keepdim=True).values
    log_probs = logits - logits.exp().sum(dim=1, keepdim=True).log()
    n = len(labels)
    loss = -log_probs[torch.arange(n), labels].mean()
    dlogits = log_probs.exp()
    dlogits[torch.arange(n), labels] -= 1
    return loss, dlogits / n
