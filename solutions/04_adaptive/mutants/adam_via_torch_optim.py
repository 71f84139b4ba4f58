"""Delegates the Adam step to torch.optim.Adam, loading m, v and t into its state."""
# %% adam_step
def adam_step(w, g, m, v, *, t, lr, betas, eps):
    p = w.clone().requires_grad_()
    optimizer = torch.optim.Adam([p], lr=lr, betas=betas, eps=eps)
    optimizer.state[p] = {"step": torch.tensor(float(t - 1)), "exp_avg": m.clone(), "exp_avg_sq": v.clone()}
    p.grad = g.clone()
    optimizer.step()
    state = optimizer.state[p]
    return p.detach(), state["exp_avg"], state["exp_avg_sq"]
