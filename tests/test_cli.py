import subprocess
import sys

from sgdcourse import __version__
from sgdcourse.cli import main


def test_version_from_the_console_command():
    result = subprocess.run([sys.executable, "-m", "sgdcourse.cli", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"sgdcourse {__version__}"


def test_unknown_assignment_is_a_clear_error(capsys):
    assert main(["exercises", "prove", "99_nope"]) == 2
    assert "unknown assignment '99_nope'; known: 01_minibatch_sgd" in capsys.readouterr().err


def test_outside_a_course_says_where_to_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["exercises", "check"]) == 2
    assert "no nbgrader_config.py" in capsys.readouterr().err


def test_data_command_explains_where_it_looked_when_offline(tmp_path, capsys, monkeypatch):
    def offline(*args, **kwargs):
        raise OSError("no network")

    monkeypatch.setattr("urllib.request.urlopen", offline)
    assert main(["data", "--data-root", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert f"{tmp_path}/cifar-10-batches-py/" in error and "SGDCOURSE_DATA" in error
