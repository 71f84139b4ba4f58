"""Builds a StepLR through the module path and reads the rate off the optimizer: the torch scheduler does the work."""
# %% step_decay
def step_decay(step, lr, step_size, gamma):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma)
    for _ in range(step):
        optimizer.step()
        scheduler.step()
    return optimizer.param_groups[0]["lr"]
