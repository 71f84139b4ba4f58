"""A right answer written with float64 tensors, converted to floats at the end."""
# %% noise_scale
def noise_scale(small_squared_norms, big_squared_norms, small_batch, big_batch):
    s = torch.tensor([sum(small_squared_norms) / len(small_squared_norms), sum(big_squared_norms) / len(big_squared_norms)],
                     dtype=torch.float64)
    A = torch.tensor([[1.0, 1 / small_batch], [1.0, 1 / big_batch]], dtype=torch.float64)  # E‖g‖² = ‖G‖² + trΣ/|B|
    squared_norm, trace = torch.linalg.solve(A, s).tolist()
    return trace, squared_norm, trace / squared_norm
