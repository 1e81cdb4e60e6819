"""``python -m isu`` runs the ``isu`` command."""

from isu.cli import main

main()
