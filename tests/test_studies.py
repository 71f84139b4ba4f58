"""Studies: seeded grids of runs, stored one JSON per run, resumable, summarised over seeds.

All data here is synthetic (random 3×4×4 uint8 images, labels from a fixed linear rule),
tiny enough that a run takes milliseconds.
"""

import json
import math
import statistics
from pathlib import Path

import pytest
import torch

from sgdcourse.experiments import RESULTS_DIR, claims
from sgdcourse.experiments.studies import (
    RunConfig, Splits, Study, build_schedule, epochs_to_accuracy, load_study, run_config, run_key, run_study,
    spread, summarise,
)


def synthetic_splits(n: int = 96) -> Splits:
    """Synthetic: uint8 images (3, 4, 4), two classes by the sign of a fixed linear score."""
    generator = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (3 * n, 3, 4, 4), generator=generator, dtype=torch.uint8)
    score = (images.float().flatten(1) - 127.5) @ torch.randn(48, generator=generator)
    labels = (score > 0).long()
    parts = [(images[i * n:(i + 1) * n], labels[i * n:(i + 1) * n]) for i in range(3)]
    return Splits(*parts, description="synthetic: random 3x4x4 images, linear labels")


def tiny_study(version: int = 1) -> Study:
    grid = {"sgd": RunConfig("sgd", 0.1, epochs=2, batch_size=32),
            "adam": RunConfig("adam", 1e-2, epochs=2, batch_size=32, evaluate_test=True)}
    return Study("tiny", "synthetic test study", lambda directory: grid, seeds=(0, 1, 2), version=version)


class Counting:
    """A runner that counts its calls and can fail on a chosen call (an interruption)."""

    def __init__(self, fail_on: int | None = None):
        self.calls, self.fail_on = 0, fail_on

    def __call__(self, config, seed, data, device=None):
        self.calls += 1
        if self.calls == self.fail_on:
            raise KeyboardInterrupt("simulated interruption")
        return run_config(config, seed, data, device="cpu")


def test_a_study_stores_one_record_per_run_and_a_rerun_executes_nothing(tmp_path):
    data = synthetic_splits()
    first = Counting()
    assert run_study(tiny_study(), data, directory=tmp_path, device="cpu", progress=False, runner=first) \
        == {"run": 6, "skipped": 0}
    assert first.calls == 6
    assert sorted(p.name for p in (tmp_path / "tiny").iterdir()) == sorted(
        f"{run_key(label, seed)}.json" for label in ("sgd", "adam") for seed in (0, 1, 2))
    record = json.loads((tmp_path / "tiny" / "adam-seed1.json").read_text())
    assert record["seed"] == 1 and record["version"] == 1 and record["data"].startswith("synthetic")
    assert len(record["history"]) == 2 and {"device", "torch", "git", "date"} <= set(record["provenance"])
    assert 0 <= record["test_accuracy"] <= 1 and 0 <= record["train_eval_accuracy"] <= 1
    assert record["wall_seconds"] > 0
    assert "test_accuracy" not in json.loads((tmp_path / "tiny" / "sgd-seed0.json").read_text())

    second = Counting()
    assert run_study(tiny_study(), data, directory=tmp_path, progress=False, runner=second) \
        == {"run": 0, "skipped": 6}
    assert second.calls == 0


def test_a_new_version_or_config_reruns(tmp_path):
    data = synthetic_splits()
    run_study(tiny_study(), data, directory=tmp_path, device="cpu", progress=False)
    assert run_study(tiny_study(version=2), data, directory=tmp_path, device="cpu", progress=False)["run"] == 6


def test_an_interrupted_study_resumes_with_the_runs_it_had_not_stored(tmp_path):
    data = synthetic_splits()
    with pytest.raises(KeyboardInterrupt):
        run_study(tiny_study(), data, directory=tmp_path, device="cpu", progress=False, runner=Counting(fail_on=4))
    assert len(list((tmp_path / "tiny").glob("*.json"))) == 3  # the three before the interruption, whole
    assert not list((tmp_path / "tiny").glob("*.tmp"))
    resumed = Counting()
    assert run_study(tiny_study(), data, directory=tmp_path, device="cpu", progress=False, runner=resumed) \
        == {"run": 3, "skipped": 3}
    assert resumed.calls == 3
    assert len(load_study(tiny_study(), tmp_path)["adam"]) == 3


def test_seeds_give_different_runs_and_a_seed_reproduces(tmp_path):
    data = synthetic_splits()
    config = RunConfig("sgd", 0.1, epochs=2, batch_size=32)
    losses = [run_config(config, seed, data, device="cpu")["history"][-1]["train_loss"] for seed in (0, 1, 0)]
    assert losses[0] != losses[1]
    assert losses[0] == losses[2]


def test_summary_is_mean_sample_std_min_max_over_seeds():
    records = {"a": [{"x": 1.0}, {"x": 2.0}, {"x": 6.0}], "b": [{"x": 5.0}]}
    summary = summarise(records, "x")
    assert summary["a"].mean == pytest.approx(3.0)
    assert summary["a"].std == pytest.approx(math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + (6 - 3) ** 2) / 2))
    assert (summary["a"].min, summary["a"].max, summary["a"].n) == (1.0, 6.0, 3)
    assert summary["b"].std == 0.0 and summary["b"].n == 1
    assert summarise(records, lambda r: 2 * r["x"])["a"].mean == pytest.approx(6.0)
    with pytest.raises(ValueError):
        spread([])


def test_load_study_refuses_missing_runs(tmp_path):
    with pytest.raises(FileNotFoundError, match="experiments run tiny"):
        load_study(tiny_study(), tmp_path)


def test_epochs_to_accuracy_is_the_first_epoch_reaching_it():
    record = {"history": [{"epoch": e, "val_accuracy": a} for e, a in [(1, 0.2), (2, 0.41), (3, 0.39)]]}
    assert epochs_to_accuracy(record, 0.4) == 2
    assert epochs_to_accuracy(record, 0.5) == math.inf


@pytest.mark.parametrize("schedule, at_steps", [
    ("step", {0: 1.0, 9: 1.0, 10: 0.1, 20: 0.01}),
    ("cosine", {0: 1.0, 15: 0.5, 30: 0.0}),
])
def test_schedules_follow_the_run_length(schedule, at_steps):
    eta = build_schedule(RunConfig("sgd", 1.0, epochs=3, schedule=schedule), steps_per_epoch=10)
    for step, expected in at_steps.items():
        assert eta(step) == pytest.approx(expected, abs=1e-12)


def test_warmup_ramps_linearly_then_holds():
    eta = build_schedule(RunConfig("adam", 1e-2, warmup_steps=20), steps_per_epoch=10)
    assert [eta(t) for t in (0, 10, 20, 50)] == pytest.approx([0.0, 5e-3, 1e-2, 1e-2])
    assert build_schedule(RunConfig("adam", 1e-2), steps_per_epoch=10) is None
    with pytest.raises(ValueError, match="warm-up"):
        build_schedule(RunConfig("adam", 1e-2, schedule="step", warmup_steps=5), steps_per_epoch=10)


def test_budget_draws_share_quantiles_across_optimizers():
    """Equal budgets: every optimizer's trial i sits at the same position in its log-range."""
    def quantiles(optimizer):
        low, high = claims.BUDGET_RANGES[optimizer]
        return [math.log(lr / low) / math.log(high / low) for lr in claims.budget_draws(optimizer)]
    reference = quantiles("sgd")
    assert len(reference) == claims.BUDGET_TRIALS and statistics.pstdev(reference) > 0.1
    for optimizer in claims.BUDGET_RANGES:
        assert quantiles(optimizer) == pytest.approx(reference)


def test_wide_search_draws_the_same_points_for_every_optimizer_and_beta_only_where_it_exists():
    """Equal budgets over (η, β, λ): trial i sits at the same quantile of each optimizer's ranges;
    β (momentum's, or Adam's β₁) from 0.5 to 0.99; AdamW's decoupled λ on its own range."""
    def quantile(value, low, high):
        return math.log(value / low) / math.log(high / low)

    def quantiles(optimizer):
        space = claims.wide_space(optimizer)
        return [{name: quantile(value, *space[name][:2]) for name, value in params.items()}
                for params in claims.wide_draws(optimizer)]

    reference = quantiles("momentum")
    assert len(reference) == claims.WIDE_TRIALS
    for name in ("lr", "one_minus_beta", "weight_decay"):  # 16 Sobol points: one per sixteenth of each axis
        assert sorted(int(16 * q[name]) for q in reference) == list(range(16)), name
    for optimizer in claims.OPTIMIZERS:
        got = quantiles(optimizer)
        expected = [{k: v for k, v in q.items() if optimizer in claims.WITH_BETA or k != "one_minus_beta"}
                    for q in reference]
        assert got == [pytest.approx(q) for q in expected], optimizer
    adam = claims._wide_config("adam", claims.wide_draws("adam")[1])
    assert adam.beta == pytest.approx(1 - claims.wide_draws("adam")[1]["one_minus_beta"])
    assert 0.5 <= min(1 - p["one_minus_beta"] for p in claims.wide_draws("adam")) < 0.99


def test_the_studies_give_adams_beta1_to_torch():
    from sgdcourse.experiments.studies import build_optimizer

    model = torch.nn.Linear(2, 2)
    for name in ("adam", "adamw"):
        optimizer = build_optimizer(RunConfig(name, 1e-3, beta=0.7, weight_decay=0.1), model.parameters())
        assert optimizer.param_groups[0]["betas"] == (0.7, 0.999)
        assert optimizer.param_groups[0]["weight_decay"] == 0.1
    assert build_optimizer(RunConfig("nesterov", 1e-3, beta=0.7), model.parameters()).param_groups[0]["momentum"] == 0.7


def test_time_to_accuracy_counts_seeds_that_reach_the_target_and_their_times(tmp_path):
    data = synthetic_splits()
    study = tiny_study()
    run_study(study, data, directory=tmp_path, device="cpu", progress=False)
    records = load_study(study, directory=tmp_path)
    target = min(row["val_accuracy"] for runs in records.values() for r in runs for row in r["history"][-1:])
    table = claims.time_to_accuracy(study, target, directory=tmp_path)
    for label, runs in records.items():
        row = table[label]
        assert row["seeds"] == 3 and row["reached"] == 3 and row["device"] == runs[0]["provenance"]["device"]
        firsts = [next(h for h in r["history"] if h["val_accuracy"] >= target) for r in runs]
        assert row["epoch"].mean == pytest.approx(statistics.mean(h["epoch"] for h in firsts))
        assert row["seconds"].max == max(h["seconds"] for h in firsts)
    unreachable = claims.time_to_accuracy(study, 1.01, directory=tmp_path)
    assert all(row["reached"] == 0 and row["seconds"] is None for row in unreachable.values())


def test_requirements_run_first():
    assert claims.with_requirements(["batch-size", "budget-final", "eta-beta"]) == \
        ["budget-tuning", "batch-size", "budget-final", "eta-beta"]


def test_cli_lists_studies_and_runs_only_known_names(capsys, monkeypatch):
    from sgdcourse import cli

    assert cli.main(["experiments", "list"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("sgd-b128", *claims.STUDIES))
    assert cli.main(["experiments", "run", "no-such-study"]) == 2
    ran = []
    monkeypatch.setattr("sgdcourse.experiments.run_claims", lambda names, **options: ran.append((names, options)))
    assert cli.main(["experiments", "run", "schedules", "--device", "cuda"]) == 0
    assert ran == [(["schedules"], {"data_root": None, "device": "cuda", "directory": RESULTS_DIR})]
    assert cli.main(["experiments", "run", "schedules", "--device", "cuda", "--results", "elsewhere"]) == 0
    assert ran[-1][1]["directory"] == Path("elsewhere")


def test_a_study_in_another_results_folder_reads_its_tuned_settings_from_there(tmp_path):
    """A GPU rerun stored in its own folder must tune there, not borrow the CPU runs' choices."""
    for dependent in ("budget-final", "schedules", "batch-size", "budget-wide-final", "cnn-final"):
        with pytest.raises(FileNotFoundError):
            claims.STUDIES[dependent].grid(tmp_path)
        assert claims.STUDIES[dependent].grid(RESULTS_DIR)  # the stored CPU runs


def test_stored_claim_studies_are_complete_with_provenance():
    """The chapter's stored studies (real CIFAR-10): every run of every grid, each with ≥ 3 seeds
    (the search's trials: one each), per-epoch history and where it ran."""
    for name, study in claims.STUDIES.items():
        records = load_study(study)
        assert len(study.seeds) >= (1 if name.endswith("-tuning") else 3)
        for runs in records.values():
            assert [r["seed"] for r in runs] == list(study.seeds)
            for record in runs:
                assert record["data"] == claims.DATA_NOTE and record["train_size"] == claims.TRAIN_SIZE
                assert len(record["history"]) >= 1 and {"device", "torch", "date", "git"} <= set(record["provenance"])
    for tuning, final in ((claims.BUDGET_TUNING, claims.BUDGET_FINAL), (claims.WIDE_TUNING, claims.WIDE_FINAL),
                          (claims.CNN_TUNING, claims.CNN_FINAL)):
        assert all("test_accuracy" in r for runs in load_study(final).values() for r in runs)
        assert not any("test_accuracy" in r for runs in load_study(tuning).values() for r in runs)
