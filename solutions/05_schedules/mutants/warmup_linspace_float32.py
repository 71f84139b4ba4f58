"""Reads the warm-up ramp off torch.linspace, whose default dtype is float32: every warm-up rate is off by ~1e-8 relative."""
# %% warmup_cosine
def warmup_cosine(step, lr, warmup_steps, total_steps, min_lr=0.0, start_lr=0.0):
    if step < warmup_steps:
        return torch.linspace(start_lr, lr, warmup_steps + 1)[step].item()
    return cosine_annealing(step - warmup_steps, lr, total_steps - warmup_steps, min_lr)
