"""Estimates B_simple at every step and averages the ratios: biased, and wrong whenever the lists hold more than one value."""
# %% noise_scale
def noise_scale(small_squared_norms, big_squared_norms, small_batch, big_batch):
    traces, norms, ratios = [], [], []
    for small, big in zip(small_squared_norms, big_squared_norms):
        norm = (big_batch * big - small_batch * small) / (big_batch - small_batch)
        trace = (small - big) / (1 / small_batch - 1 / big_batch)
        traces.append(trace)
        norms.append(norm)
        ratios.append(trace / norm)
    return sum(traces) / len(traces), sum(norms) / len(norms), sum(ratios) / len(ratios)
