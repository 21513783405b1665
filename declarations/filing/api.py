"""`POST /api/policy-check`: the policy contract over HTTP, JSON in and JSON out.

The same request and verdict as `manage.py policy_check`, parsed by the same code
(declarations.facts.parse_json_request), with the register settings each employer's
monitoring officer stored unless the request brings its own. Every answer is JSON,
errors included, so a page script can show the error next to the field it names. With
`?rules_fired=1` the verdict also lists the ids of the rules that fired (`rules_fired`,
not part of the contract's verdict), which the filing page's live panel pairs with the
reasons. CSRF protection stays on: the page script sends the token in the X-CSRFToken
header.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse

import policies
from declarations.facts import parse_json_request, stored_register_settings

MAX_BODY_BYTES = 64 * 1024  # a request is a few hundred bytes; refuse anything silly

logger = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    pass


def error_response(message: str, *, field: str = "", status: int = 400) -> JsonResponse:
    """The contract's error object, `{"error": ..., "field": ...}`."""
    return JsonResponse({"error": message, "field": field}, status=status)


@login_not_required  # checked here, so a script gets 401 JSON rather than a sign-in redirect
def policy_check(request: HttpRequest) -> JsonResponse:
    """Evaluate one JSON request and answer with its verdict (400 with the error if bad)."""
    if not request.user.is_authenticated:
        return error_response("Sign in to use this API.", status=401)
    if request.method != "POST":
        response = error_response("Use POST to check a declaration.", status=405)
        response["Allow"] = "POST"
        return response
    if request.content_type != "application/json":
        return error_response("Send the request as JSON, with Content-Type: application/json.")
    try:
        body = read_body(request)
        verdict = policies.evaluate(
            parse_json_request(body, stored_settings=stored_register_settings())
        )
    except BodyTooLarge:
        return error_response(f"The request is too large: the limit is {MAX_BODY_BYTES} bytes.")
    except policies.FactsError as error:
        return JsonResponse(error.as_json(), status=400)
    except Exception:
        logger.exception("The policy check failed unexpectedly.")
        return error_response("The policy check failed unexpectedly.", status=500)
    answer = verdict.as_json()
    if request.GET.get("rules_fired") == "1":
        answer["rules_fired"] = list(verdict.rules_fired)
    return JsonResponse(answer)


def read_body(request: HttpRequest) -> bytes:
    """The body, refused past MAX_BODY_BYTES without reading more than one byte over."""
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise BodyTooLarge
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise BodyTooLarge
    return body
