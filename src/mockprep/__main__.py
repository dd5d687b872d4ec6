"""``python -m mockprep`` runs the command-line interface."""

from mockprep.cli.app import run

run()
