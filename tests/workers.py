"""Running the background worker in a test as production runs it (`manage.py db_worker`),
over the tasks the `tasks_in_the_database` fixture (tests/conftest.py) leaves queued."""

from __future__ import annotations

import pytest
from django.core.management import call_command

# The worker checks its database connection between tasks (close_old_connections), which
# on PostgreSQL closes a test's wrapping transaction: tests that run it commit for real.
worker_runs = pytest.mark.django_db(transaction=True)


def run_the_worker(*options: str) -> None:
    """Run every task queued and due, then stop (`db_worker --batch`, with `options`)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", *options, verbosity=0)
