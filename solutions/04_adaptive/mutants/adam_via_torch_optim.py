"""Delegates the Adam step to torch.optim.Adam, loading the state dict (torch's own keys) into its state."""
# %% adam_step
def adam_step(w, g, state, *, lr, betas, eps):
    p = w.clone().requires_grad_()
    optimizer = torch.optim.Adam([p], lr=lr, betas=betas, eps=eps)
    optimizer.state[p] = {"step": torch.tensor(float(state["step"])), "exp_avg": state["exp_avg"].clone(),
                          "exp_avg_sq": state["exp_avg_sq"].clone()}
    p.grad = g.clone()
    optimizer.step()
    new = optimizer.state[p]
    return p.detach(), {"step": int(new["step"]), "exp_avg": new["exp_avg"], "exp_avg_sq": new["exp_avg_sq"]}
