"""``python -m convgen``: the same command, named as people type it."""

from convgen.cli import main

main(prog_name="convgen")
