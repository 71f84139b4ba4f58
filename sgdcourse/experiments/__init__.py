"""Named, versioned, reproducible runs whose stored results the chapters read.

    sgdcourse experiments list
    sgdcourse experiments run NAME [NAME ...] | --all
    sgdcourse experiments table [--accuracy 0.45]

A lecture run writes ``results/<name>.json``: its configuration, the full per-epoch history,
the best epoch (by validation loss), wall time, stop reason, and where and when it ran.
A study (``studies``: a grid of configurations × seeds; ``claims``: the studies the chapter
"Claims, measured" reads) writes one such record per run under ``results/<study>/``.
"""

from .mlp_study import REGISTRY, MLPRun, build_optimizer
from .store import RESULTS_DIR, is_stored, load_result, run_and_store, time_to_accuracy_table
from .studies import RunConfig, Splits, Study, load_study, run_study, summarise
from .claims import STUDIES, run_claims

__all__ = [
    "REGISTRY", "MLPRun", "build_optimizer",
    "RESULTS_DIR", "is_stored", "load_result", "run_and_store", "time_to_accuracy_table",
    "RunConfig", "Splits", "Study", "load_study", "run_study", "summarise", "STUDIES", "run_claims",
]
