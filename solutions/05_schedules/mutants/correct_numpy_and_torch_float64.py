"""Right, with other libraries: numpy for the powers and cosines, torch float64 tensors turned back into Python floats with .item(), exp/log for γ^t."""
# %% step_decay
import numpy as np


def step_decay(step, lr, step_size, gamma):
    return float(lr * np.power(gamma, np.floor_divide(step, step_size)))

# %% exponential_decay
def exponential_decay(step, lr, gamma):
    return lr * math.exp(step * math.log(gamma))

# %% cosine_annealing
def cosine_annealing(step, lr, total_steps, min_lr=0.0):
    progress = torch.tensor(min(step, total_steps) / total_steps, dtype=torch.float64)
    return (min_lr + (lr - min_lr) * (1 + torch.cos(math.pi * progress)) / 2).item()

# %% warmup_cosine (edit)
-        return start_lr + (lr - start_lr) * step / warmup_steps
+        return float(np.interp(step, [0, warmup_steps], [start_lr, lr]))

# %% one_cycle
def one_cycle(step, lr, total_steps, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    initial_lr = np.float64(lr) / div_factor
    final_lr = initial_lr / final_div_factor
    peak_step = pct_start * total_steps - 1
    if step <= peak_step:
        start, end, fraction = initial_lr, lr, step / peak_step
    else:
        start, end, fraction = lr, final_lr, (step - peak_step) / (total_steps - 1 - peak_step)
    return float(end + (start - end) * (1 + np.cos(np.pi * fraction)) / 2)
