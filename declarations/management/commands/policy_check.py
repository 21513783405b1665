"""`manage.py policy_check < request.json`: the policy contract on the command line.

Reads one JSON request on standard input and prints one JSON verdict on standard
output, exit status 0. Bad input prints `{"error": "...", "field": "<dotted path>"}`
and exits 2; so does anything unexpected, so a script driving it only ever reads
JSON, never a traceback. Each employer's code is applied with the register settings its
monitoring officer stored (a request's own "settings" override them); with no database
to read them from, the contract's defaults apply, so it still needs none.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import IO, Any, NoReturn

from django.core.management.base import BaseCommand

import policies
from declarations.facts import parse_json_request, stored_register_settings

BAD_INPUT = 2

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Read one JSON request (policy-contract.md) on standard input and print its JSON "
        "verdict. Exit status 0, or 2 with a JSON error object for bad input."
    )
    # No system checks (they can reach for the database) and no migration check.
    requires_system_checks: list[str] = []
    # call_command("policy_check", stdin=io.StringIO(...)) in tests.
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            body = read_all(options.get("stdin") or sys.stdin)
            verdict = policies.evaluate(
                parse_json_request(body, stored_settings=stored_register_settings())
            )
        except policies.FactsError as error:
            self.fail(error.as_json())
        except (Exception, KeyboardInterrupt) as error:  # never a traceback on stdout
            # One line on stderr for whoever runs it; the JSON on stdout stays the answer.
            logger.error("policy_check failed: %s: %s", type(error).__name__, error)
            self.fail({"error": "The policy check failed unexpectedly.", "field": ""})
        self.stdout.write(json.dumps(verdict.as_json()))

    def fail(self, error: dict[str, str]) -> NoReturn:
        """Print the error object and exit 2, past BaseCommand's own error printing."""
        self.stdout.write(json.dumps(error))
        self.stdout.flush()
        raise SystemExit(BAD_INPUT)


def read_all(stream: IO[Any] | None) -> str | bytes:
    """Everything on `stream`: bytes from a real stdin (decoded strictly later), else text."""
    if stream is None:  # started with stdin closed
        return ""
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer is not None else stream.read()
