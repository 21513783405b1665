"""One log line per request, and the JSON lines every log is written as in production.

RequestLogMiddleware (first in MIDDLEWARE, so it times everything the register does for
the request) logs at INFO on `conduct_register.requests`: method, path, route name,
status, duration in milliseconds, the number of database queries, and the signed-in
user's id. Left out on purpose: the query string (it may hold search terms), names and
email addresses, and the client's address (personal data, and behind a load balancer
only the balancer's own; the balancer's log and the security log keep addresses). A
streamed response (an export download) is timed to its first byte.

Queries are counted with `connection.execute_wrapper`, which costs one function call per
query, not with DEBUG's query log.

JsonFormatter writes any record as one JSON object a line (settings use it for every log
but the security log when LOG_FORMAT is json): a few lines of our own rather than
python-json-logger, since all it needs is json.dumps of the record's fields.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

logger = logging.getLogger("conduct_register.requests")

# Attributes every LogRecord has: anything else on a record came from `extra=`. Django
# passes the whole request with its 4xx and 5xx lines ("Not Found: /path"): its text has
# the query string, so it is left out too.
_LEFT_OUT = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}
# Parts of an address that are secrets (a password reset link's): a request to such an
# address is logged by its route, "/password-reset/<uidb64>/<token>/", not its path.
SECRET_URL_ARGUMENTS = frozenset({"uidb64", "token"})


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC, ISO 8601), level, logger, message, the
    fields passed as `extra`, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update((key, value) for key, value in vars(record).items() if key not in _LEFT_OUT)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class QueryCounter:
    """Counts the queries run through the connections it wraps."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, if the view has already looked who is signed in (the
    user is lazy: asking here would run the session's queries for a page that never
    needed them, such as /healthz, after the count)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


def logged_path(request: HttpRequest) -> str:
    """The path, or the route where the path holds a secret (SECRET_URL_ARGUMENTS)."""
    match = request.resolver_match
    if match is not None and SECRET_URL_ARGUMENTS & match.kwargs.keys():
        return "/" + match.route
    return request.path


class RequestLogMiddleware:
    """Logs each request once it is answered (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counter = QueryCounter()
        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        match = request.resolver_match
        fields = {
            "method": request.method,
            "path": logged_path(request),
            "route": match.view_name if match else None,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "db_queries": counter.count,
            "user_id": user_id(request),
        }
        # %r: a path's decoded line breaks would otherwise start a forged line in text logs.
        logger.info(
            "%s %r %s %sms %s queries",
            request.method,
            fields["path"],
            response.status_code,
            duration_ms,
            counter.count,
            extra=fields,
        )
        return response
