"""``python -m isu.web <command>``: Django's ``manage.py`` for this project."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    """Run a Django management command with the project's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isu.web.settings")
    execute_from_command_line(["python -m isu.web", *sys.argv[1:]])


if __name__ == "__main__":
    main()
