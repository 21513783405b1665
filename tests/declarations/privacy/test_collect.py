"""What a subject-access copy holds: every kind of record the register keeps about one
officer (Olive), and nothing of anyone else's (Bertie, a colleague with the same line
manager and the same counterparty; Cleo, whose declarations Olive decided and reviewed
appear by reference and type only), read back from the ZIP as the officer downloads it;
never a password hash, a second-factor secret or a recovery code; in a number of
queries that does not grow with the officer's declarations."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from declarations.models import ApprovalStep, DeclarationEvent, InterestReview
from declarations.privacy import subject_access
from tests.declarations.privacy.copy_helpers import ask_own, body, file_url, unzip
from tests.factories import entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def olives_zip(client, world) -> dict[str, str]:
    """Olive's copy, asked for on "Your data" and downloaded, as text by file name."""
    client.force_login(world.olive.user)
    copy = ask_own(client)
    response = client.get(file_url(copy))
    assert response.status_code == 200
    return unzip(body(response))


def test_the_zip_holds_data_json_index_html_and_a_readme(olives_zip):
    assert sorted(olives_zip) == ["README.txt", "data.json", "index.html"]
    assert (
        "Made for: Olive Officer, staff number OLIVE-0001, Thurrock Council"
        in (olives_zip["README.txt"])
    )
    assert "Asked for by: Olive Officer (the officer)" in olives_zip["README.txt"]
    assert "<script" not in olives_zip["index.html"]


def test_it_holds_every_record_of_hers_in_both_files(olives_zip, world):
    page = olives_zip["index.html"]
    for words in world.olives:
        assert words in olives_zip["data.json"], words
        assert html.escape(words) in page, words


def test_it_holds_nothing_of_anyone_else_anywhere(olives_zip, world):
    for name, text in olives_zip.items():
        for words in world.never:
            assert words not in text, (name, words)
            assert html.escape(words) not in text, (name, words)


def test_every_section_has_her_records(world):
    data = subject_access.collect(world.olive)
    for section in subject_access.SECTIONS:
        if section in ("subject_access_copies", "publications_made", "security_log_about_you"):
            continue
        assert data[section], section
    assert data["profile"]["staff_number"] == "OLIVE-0001"
    assert data["profile"]["line_manager"] == "Lee Manager"
    assert "password" not in data["profile"]
    assert data["roles"] == [
        {
            "organisation": "Thurrock Council",
            "role": "hr",
            "role_words": "HR",
            "valid_from": "2020-01-01",
            "valid_to": None,
        }
    ]


def test_an_amendment_chain_is_one_entry_with_every_version(world):
    data = subject_access.collect(world.olive)
    [gift] = [e for e in data["declarations"] if e["reference"] == "THU-2026-000101"]
    assert [(v["version"], v["status"], v["amends"]) for v in gift["versions"]] == [
        (1, "superseded", ""),
        (2, "approved", "THU-2026-000101"),
    ]
    latest = gift["versions"][1]
    assert latest["detail"]["value_gbp"] == "20.00"
    assert latest["verdict"]["outcome"] == "declare"
    assert [(s["decided_by"], s["reason"]) for s in latest["approval_steps"]] == [
        ("Lee Manager", "Fine for Olive to accept")
    ]
    assert [(e["action"], e["by"]) for e in latest["events"]] == [
        ("submit", "Olive Officer"),
        ("approve", "Lee Manager"),
    ]
    types = sorted(e["type"] for e in data["declarations"])
    assert types == ["disclosure", "gift", "gift", "interest"]  # the draft is there too


def test_others_declarations_are_named_by_reference_and_type_only(world):
    data = subject_access.collect(world.olive)
    assert data["decisions_made"] == [
        {
            "declaration": "THU-2026-000301",
            "declaration_type": "Gift",
            "role": data["decisions_made"][0]["role"],
            "decision": "Approved",
            "decided_at": "2026-11-05T10:00:00+00:00",
            "reason": "Olive approves this lunch",
            "as_delegate_of": "",
        }
    ]
    [review] = data["interest_reviews_made"]
    assert set(review) == {"declaration", "declaration_type", "reviewed_on", "note"}
    assert review["declaration"] == "THU-2026-000302"


def test_the_security_log_has_her_events_and_those_about_her(world, monitoring_officer):
    data = subject_access.collect(world.olive)
    assert [(e["kind"], e["ip_address"]) for e in data["security_log"]] == [
        ("sign_in", "192.0.2.55")
    ]
    about = [(e["kind"], e["by"]) for e in data["security_log_about_you"]]
    assert ("sign_in_failed", "(nobody signed in)") in about
    assert ("register_entry_opened", "Mona Monitoring") in about
    opened = [e for e in data["security_log_about_you"] if e["kind"] == "register_entry_opened"]
    assert [e["detail"]["entry"] for e in opened] == [world.olive_entry.pk]
    assert all("ip_address" not in e for e in data["security_log_about_you"])


def test_second_factors_say_what_and_when_never_the_secret(world):
    factors = subject_access.collect(world.olive)["second_factors"]
    assert [(f["kind"], f["name"]) for f in factors] == [
        ("authenticator app", "Olive phone"),
        ("recovery codes", "recovery"),
    ]
    assert factors[1]["codes_left"] == 1


def test_a_publication_gives_only_her_rows(world):
    [publication] = subject_access.collect(world.olive)["publications_listing_you"]
    assert [row["description"] for row in publication["your_rows"]] == [
        "Olive theatre tickets, two seats"
    ]


def test_a_namesakes_row_is_not_hers(world):
    keys = {("Acme Supplies Ltd", "Olive theatre tickets", "2026-11-02")}
    row = {"name": "Olive Officer", "counterparty": "Acme Supplies Ltd", "date": "2026-11-02"}
    theirs = {**row, "description": "Olive theatre tickets"}
    namesakes = {**row, "description": "Another Olive's tickets"}
    assert subject_access.is_their_row(theirs, "Olive Officer", keys)
    assert not subject_access.is_their_row(namesakes, "Olive Officer", keys)
    assert not subject_access.is_their_row(theirs, "Bertie Colleague", keys)


def test_the_line_managers_copy_has_his_decisions_without_the_officers(world, line_manager):
    data = subject_access.collect(line_manager)
    assert sorted((d["declaration"], d["reason"]) for d in data["decisions_made"]) == [
        ("THU-2026-000101 v2", "Fine for Olive to accept"),
        ("THU-2026-000201", "Fine for Bertie to accept"),
    ]
    for words in ("Olive theatre", "Bertie hamper", "Acme Supplies"):
        assert words not in str(data), words
    for words in ("Olive Officer", "Bertie Colleague"):
        assert words not in str(data["decisions_made"]), words
    # His delegations name who covered, with his reasons; the one he held has none.
    assert sorted((d["you_are"], d["delegate"], d["reason"]) for d in data["delegations"]) == [
        ("delegate", "Lee Manager", ""),
        ("delegator", "Bertie Colleague", "Lee away, Bertie covers"),
        ("delegator", "Olive Officer", "Lee in hospital"),
    ]
    assert "Olive on leave" not in str(data)


def test_a_delegates_copy_leaves_out_the_delegators_reason(world):
    delegations = subject_access.collect(world.olive)["delegations"]
    assert sorted((d["you_are"], d["delegator"], d["reason"]) for d in delegations) == [
        ("delegate", "Lee Manager", ""),
        ("delegator", "Olive Officer", "Olive on leave"),
    ]


def test_it_gives_her_withholding_requests_and_those_she_decided(world):
    data = subject_access.collect(world.olive)
    assert data["withholdings_asked"] == [
        {
            "reference": "THU-2026-000101",
            "asked_at": data["withholdings_asked"][0]["asked_at"],
            "reason": "Olive fears an ex-partner",
            "state": "granted",
            "state_words": "Kept out of the published register",
            "decided_at": "2026-11-05T10:00:00+00:00",
            "decision_reason": "Granted for Olive's safety",
        }
    ]
    assert data["withholdings_decided"] == [
        {
            "declaration": "THU-2026-000301",
            "declaration_type": "Gift",
            "decision": "Published as usual",
            "decided_at": "2026-11-05T10:00:00+00:00",
        }
    ]
    # Her reason restates the asker's circumstances: not in her copy.
    assert "Olive refused: no risk shown" not in str(data)


def test_it_gives_steps_waiting_for_her_or_her_delegate_by_reference_only(world):
    waiting = subject_access.collect(world.olive)["approvals_waiting"]
    assert [(w["declaration"], w["held_by"]) for w in waiting] == [
        ("THU-2026-000304", "you"),
        ("THU-2026-000305", "your delegate"),
    ]
    assert set(waiting[0]) == {
        "declaration",
        "declaration_type",
        "role",
        "held_by",
        "opened_at",
        "due_on",
    }
    assert (waiting[0]["opened_at"], waiting[0]["due_on"]) == (
        "2026-11-05T10:00:00+00:00",
        "2026-11-05",
    )


def test_it_gives_what_she_did_on_others_declarations_without_the_note(world):
    events = subject_access.collect(world.olive)["events_on_others"]
    assert [(e["declaration"], e["declaration_type"], e["action"]) for e in events] == [
        ("THU-2026-000301", "Gift", "Approved")
    ]
    assert set(events[0]) == {"declaration", "declaration_type", "action", "at"}


def test_it_gives_the_entries_whose_register_she_keeps_by_reference_and_type(world):
    assert subject_access.collect(world.olive)["register_keeper_of"] == [
        {"declaration": "THU-2026-000306", "declaration_type": "Gift"}
    ]


def test_it_gives_every_sign_in_record_with_her_username(world):
    attempts = subject_access.collect(world.olive)["sign_in_attempts"]
    assert sorted(a["record"] for a in attempts) == [
        "failed attempts",
        "failed attempts being counted",
        "sign-ins",
    ]
    for attempt in attempts:
        assert attempt["ip_address"] == "192.0.2.77"
        assert attempt["user_agent"] == "Olive Axes Agent"
        assert attempt["path"] == "/accounts/login/olive"
        assert attempt["at"]


def test_it_gives_her_admin_changes_without_the_records_name(world):
    [change] = subject_access.collect(world.olive)["admin_actions"]
    assert set(change) == {"at", "record_type", "action"}
    assert (change["record_type"], change["action"]) == (
        "declarations.publicationwithholding",
        "changed",
    )


def test_the_queries_do_not_grow_with_her_declarations(world, line_manager):
    with CaptureQueriesContext(connection) as before:
        subject_access.collect(world.olive)
    for number in range(6):
        more = entry(world.olive, reference=f"THU-2026-0009{number:02d}")
        ApprovalStep.objects.create(declaration=more, order=1, role="line_manager")
        DeclarationEvent.objects.create(declaration=more, action="submit")
        InterestReview.objects.create(declaration=more, reviewed_by=line_manager)
    with CaptureQueriesContext(connection) as after:
        data = subject_access.collect(world.olive)
    assert len(data["declarations"]) == 10
    assert len(after.captured_queries) == len(before.captured_queries)
