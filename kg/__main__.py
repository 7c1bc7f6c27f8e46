"""`python -m kg`: the `kg` command, for when the script is not on PATH."""

from .cli import main

main(prog_name="kg")
