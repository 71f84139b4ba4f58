"""Delegates the momentum step to torch.optim.SGD, converting the velocity to PyTorch's buffer and back."""
# %% momentum_step
def momentum_step(w, g, state, *, lr, beta):
    p = w.clone().requires_grad_()
    optimizer = torch.optim.SGD([p], lr=lr, momentum=beta)
    optimizer.state[p]["momentum_buffer"] = -state["velocity"] / lr
    p.grad = g.clone()
    optimizer.step()
    return p.detach(), {"velocity": -lr * optimizer.state[p]["momentum_buffer"]}
