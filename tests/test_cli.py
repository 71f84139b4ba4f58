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
