"""Returns softmax / N as the gradient, forgetting to subtract the one-hot labels."""
# %% softmax_cross_entropy
def softmax_cross_entropy(logits, labels):
    shifted = logits - logits.max(dim=1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    n = len(labels)
    loss = -log_probs[torch.arange(n), labels].mean()
    return loss, log_probs.exp() / n
