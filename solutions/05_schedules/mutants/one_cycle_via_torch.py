"""Delegates to torch's OneCycleLR: builds a throw-away optimizer and steps the scheduler t times."""
# %% one_cycle
from torch.optim.lr_scheduler import OneCycleLR


def one_cycle(step, lr, total_steps, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = OneCycleLR(optimizer, max_lr=lr, total_steps=total_steps, pct_start=pct_start,
                           div_factor=div_factor, final_div_factor=final_div_factor)
    for _ in range(step):
        optimizer.step()
        scheduler.step()
    return optimizer.param_groups[0]["lr"]
