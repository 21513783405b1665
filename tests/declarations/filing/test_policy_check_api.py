"""`POST /api/policy-check`: the contract over HTTP, JSON in and JSON out, errors too."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

import policies
from declarations.filing import api
from tests.declarations.policy_check_cases import (
    A_GIFT,
    ACCEPTED,
    BAD_INPUTS,
    GOOD_REQUESTS,
    NEW_FIELDS,
    OPCC_TOKEN_GIFT,
    REFUSED,
    VERDICT_KEYS,
)
from tests.factories import OrganisationFactory

URL = "/api/policy-check"

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def post(client: Client, body: str | bytes, **kwargs):
    return client.post(URL, data=body, content_type="application/json", **kwargs)


def test_the_url_is_named():
    assert reverse("api-policy-check") == URL


@pytest.mark.parametrize("kind", list(GOOD_REQUESTS))
def test_it_answers_a_good_request_with_its_verdict(kind, signed_in):
    request = GOOD_REQUESTS[kind]

    response = post(signed_in, json.dumps(request))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == VERDICT_KEYS
    assert response.json() == policies.evaluate(policies.parse_request(request)).as_json()


def test_the_filing_page_can_ask_for_the_ids_of_the_rules_that_fired(signed_in):
    """Only when asked (?rules_fired=1): the live panel pairs reasons and clauses by them."""
    verdict = policies.evaluate(policies.parse_request(A_GIFT))

    response = signed_in.post(
        f"{URL}?rules_fired=1", data=json.dumps(A_GIFT), content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json() == {**verdict.as_json(), "rules_fired": list(verdict.rules_fired)}
    assert response.json()["rules_fired"]


@pytest.mark.parametrize(
    "request_", [r for _, r in NEW_FIELDS], ids=[name for name, _ in NEW_FIELDS]
)
def test_every_field_added_in_2026_11_is_accepted(request_, signed_in):
    response = post(signed_in, json.dumps(request_))

    assert response.status_code == 200, response.json()
    assert response.json() == policies.evaluate(policies.parse_request(request_)).as_json()


def reasons(response) -> str:
    return " ".join(response.json()["reasons"])


def test_with_the_default_token_limit_a_30_pound_opcc_gift_is_no_token(signed_in):
    response = post(signed_in, json.dumps(OPCC_TOKEN_GIFT) + " ")

    assert response.json()["outcome"] == "prohibited"
    assert "£25.00" in reasons(response)


def test_the_stored_token_limit_is_the_one_applied(signed_in):
    OrganisationFactory(code="opcc", token_limit_gbp=Decimal("50.00"))

    response = post(signed_in, json.dumps(OPCC_TOKEN_GIFT))

    assert response.status_code == 200
    assert response.json()["outcome"] == "no_action"
    assert "£50.00" in reasons(response)


@pytest.mark.parametrize(
    ("stored", "requested", "outcome"),
    [
        pytest.param(None, "50.00", "no_action", id="requested over the default"),
        pytest.param("50.00", "25.00", "prohibited", id="requested over a stored 50"),
    ],
)
def test_a_requests_own_settings_override_the_stored_ones(stored, requested, outcome, signed_in):
    if stored is not None:
        OrganisationFactory(code="opcc", token_limit_gbp=Decimal(stored))
    body = {**OPCC_TOKEN_GIFT, "settings": {"token_limit_gbp": requested}}

    response = post(signed_in, json.dumps(body))

    assert response.status_code == 200
    assert response.json()["outcome"] == outcome
    assert f"£{requested}" in reasons(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [(body, field) for _, body, field in BAD_INPUTS],
    ids=[name for name, _, _ in BAD_INPUTS],
)
def test_bad_input_is_400_with_the_error_naming_the_field(body, field, signed_in):
    response = post(signed_in, body)

    assert response.status_code == 400
    assert set(response.json()) == {"error", "field"}
    assert response.json()["field"] == field
    assert response.json()["error"]


@pytest.mark.parametrize("body", [body for _, body in ACCEPTED], ids=[n for n, _ in ACCEPTED])
def test_values_at_the_edges_of_their_ranges_are_judged(body, signed_in):
    response = post(signed_in, body)

    assert response.status_code == 200
    assert set(response.json()) == VERDICT_KEYS


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [(body, field, words) for _, body, field, words in REFUSED],
    ids=[name for name, _, _, _ in REFUSED],
)
def test_values_just_outside_their_ranges_are_400_naming_the_field_and_range(
    body, field, words, signed_in
):
    response = post(signed_in, body)

    assert response.status_code == 400
    assert set(response.json()) == {"error", "field"}
    assert response.json()["field"] == field
    assert words in response.json()["error"]


def test_a_body_that_is_not_utf8_is_400(signed_in):
    response = post(signed_in, b"\xff\xfe{}")

    assert response.status_code == 400
    assert response.json()["field"] == ""


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_body_that_is_not_sent_as_json_is_400(content_type, signed_in):
    response = signed_in.post(URL, data=json.dumps(A_GIFT), content_type=content_type)

    assert response.status_code == 400
    assert response.json() == {
        "error": "Send the request as JSON, with Content-Type: application/json.",
        "field": "",
    }


def test_json_with_a_charset_is_fine(signed_in):
    response = signed_in.post(
        URL, data=json.dumps(A_GIFT), content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 200


def test_a_body_over_64_kb_is_400(signed_in):
    padding = " " * (api.MAX_BODY_BYTES + 1 - len(json.dumps(A_GIFT)))
    body = json.dumps(A_GIFT) + padding
    assert len(body) == 64 * 1024 + 1

    response = post(signed_in, body)

    assert response.status_code == 400
    assert response.json()["field"] == ""
    assert "too large" in response.json()["error"]


def test_a_body_of_exactly_64_kb_is_read(signed_in):
    body = json.dumps(A_GIFT) + " " * (api.MAX_BODY_BYTES - len(json.dumps(A_GIFT)))

    response = post(signed_in, body)

    assert response.status_code == 200


def test_it_refuses_a_stranger_who_has_not_signed_in_with_401_json(client):
    response = post(client, json.dumps(A_GIFT))

    assert response.status_code == 401
    assert response.json() == {"error": "Sign in to use this API.", "field": ""}


def test_any_signed_in_officer_may_use_it(client, stranger):
    client.force_login(stranger.user)

    response = post(client, json.dumps(GOOD_REQUESTS["interest"]))

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_other_methods_are_405_with_a_json_body(method, signed_in):
    response = getattr(signed_in, method)(URL)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["field"] == ""


def test_a_post_with_the_csrf_token_is_accepted(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get(reverse("policy-index"))  # any page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    response = post(client, json.dumps(A_GIFT), headers={"X-CSRFToken": token})

    assert response.status_code == 200
    assert set(response.json()) == VERDICT_KEYS


def test_a_post_without_the_csrf_token_is_403(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)

    response = post(client, json.dumps(A_GIFT))

    assert response.status_code == 403


def test_an_unexpected_failure_is_a_json_500(signed_in, monkeypatch):
    def broken(facts):
        raise RuntimeError("a rule module is broken")

    monkeypatch.setattr(policies, "evaluate", broken)

    response = post(signed_in, json.dumps(A_GIFT))

    assert response.status_code == 500
    assert response.json() == {"error": "The policy check failed unexpectedly.", "field": ""}
