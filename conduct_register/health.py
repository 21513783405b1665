"""Health checks for load balancers and process managers, open without signing in.

* `/healthz`: the process answers (no database): restart it if this fails.
* `/readyz`: the process can do its work: the database answers, every migration is
  applied, and a background worker has been seen within WORKER_SEEN_WITHIN_SECONDS. Send
  it no traffic while this fails.

Both answer one word as plain text, never stored, and say nothing more: which check failed
is logged (WARNING) for the operators, not told to whoever asks. They read no session and
set no cookie, and settings exempt them from the HTTPS redirect (SECURE_REDIRECT_EXEMPT)
so that a load balancer may probe over plain HTTP; the Host it sends must still be one of
ALLOWED_HOSTS.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from declarations.scheduling import worker_seen_lately

logger = logging.getLogger(__name__)

# Once every migration is applied it stays applied for the life of this process (a new
# release brings new processes), so a True answer is kept; a False one is asked again.
_migrations_applied = False
# /readyz is open to anyone: its answer is kept this long, so that asking it often costs
# the database nothing more and writes no more than one warning per period.
READY_ANSWER_SECONDS = 5.0
_last_answer: tuple[float, str | None] | None = None  # (when, the failed check or None)


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    add_never_cache_headers(response)
    return response


def database_answers() -> bool:
    """Whether the database runs a trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def migrations_applied() -> bool:
    """Whether no migration is waiting (the plan to the latest migrations is empty)."""
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _migrations_applied = not plan
    return _migrations_applied


def failed_check() -> str | None:
    """The first readiness check that fails, or None when the process is ready."""
    try:
        if not database_answers():
            return "the database did not answer SELECT 1"
        if not migrations_applied():
            return "migrations are not all applied"
        if not worker_seen_lately():
            return (
                "no background worker seen in the last "
                f"{settings.WORKER_SEEN_WITHIN_SECONDS} seconds"
            )
    except DatabaseError as error:
        return f"the database is unreachable ({type(error).__name__})"
    return None


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" while the process answers requests."""
    return _plain("ok")


@login_not_required
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """200 "ready" when the process can serve; 503 "not ready" otherwise (the reason is
    logged, not returned)."""
    global _last_answer
    now = time.monotonic()
    if _last_answer is not None and now - _last_answer[0] < READY_ANSWER_SECONDS:
        failure = _last_answer[1]
    else:
        failure = failed_check()
        _last_answer = (now, failure)
        if failure:
            logger.warning("Not ready: %s.", failure)
    if failure:
        response = _plain("not ready", status=503)
        # Logged above, at WARNING: Django would add an ERROR line for each 503, at every
        # probe of every load balancer, while a worker is down (django.utils.log.log_response).
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    return _plain("ready")
