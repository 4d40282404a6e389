#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    # Production unless told otherwise, like wsgi.py and the Celery app: a forgotten variable must
    # stop the process (no secret key), not run it with DEBUG and a published key. `make run` and
    # `make test` name their settings module.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muqeem.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
