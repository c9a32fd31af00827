"""`python -m alignscope.cli`: the same as the `alignscope` command."""

from . import main

main(prog_name="alignscope")
