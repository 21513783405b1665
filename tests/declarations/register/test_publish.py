"""Publishing the register: what goes into the snapshot, and who may take it.

The cast (tests/conftest.py) works at Thurrock; the director and the monitoring officer
(an assistant director) are senior enough to be published, the officer and their line
manager are not. A head of service is added where the default level matters.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.models import Publication, PublishedPage
from declarations.register import publishing
from tests.factories import (
    DeclarationFactory,
    OfficerFactory,
    UserFactory,
    declare,
)

pytestmark = pytest.mark.django_db

PUBLISH_URL = "/register/publish/"


@pytest.fixture
def head_of_service(thurrock, director):
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="hana.head", first_name="Hana", last_name="Head"),
        level="head_of_service",
        job_title="Head of Housing Options",
        line_manager=director,
    )


def counterparties(rows) -> set[str]:
    return {row["counterparty"] for row in rows}


# --- what goes in -----------------------------------------------------------------------


def test_recorded_and_approved_gifts_hospitality_interests_and_outside_work_go_in(
    thurrock, director, monitoring_officer
):
    declare(director, "gift", "recorded", counterparty="Gift Co", description="A hamper")
    declare(director, "hospitality", "approved", counterparty="Dinner Co")
    declare(monitoring_officer, "interest", "recorded", counterparty="School governors")
    declare(monitoring_officer, "outside_work", "approved", counterparty="Night school")

    publication = publishing.publish(thurrock, by=monitoring_officer)

    assert publication.row_count == 4
    assert counterparties(publication.entries) == {
        "Gift Co",
        "Dinner Co",
        "School governors",
        "Night school",
    }
    assert publication.minimum_level == "head_of_service"
    assert publication.published_by == monitoring_officer


def test_each_row_holds_only_the_public_columns_and_the_reference(
    thurrock, director, monitoring_officer
):
    gift = declare(
        director,
        "gift",
        "recorded",
        counterparty="Gift Co",
        description="A hamper",
        date=datetime.date(2026, 10, 1),
        detail={"value_gbp": Decimal("45.5")},
    )

    publication = publishing.publish(thurrock, by=monitoring_officer)

    assert publication.entries == [
        {
            "reference": gift.reference,
            "name": "Dana Director",
            "job_title": "Director of Housing",
            "type": "Gift",
            "counterparty": "Gift Co",
            "description": "A hamper",
            "value_gbp": "45.50",
            "date": "2026-10-01",
            "ended_on": "",
            "what_happened": "",
            "what_happened_on": "",
        }
    ]
    # The reference finds the row again (publishing.redact_published); it is never shown.
    assert publishing.public_rows(publication)[0].keys() == dict(publishing.COLUMNS).keys()
    assert gift.reference not in publishing.csv_of(publication)
    assert gift.reference not in "".join(page.html for page in publishing.render_pages(publication))


def test_outside_work_and_interests_have_no_value_but_keep_an_end_date(
    thurrock, director, monitoring_officer
):
    declare(
        director,
        "outside_work",
        "approved",
        counterparty="Night school",
        date=datetime.date(2026, 1, 5),
        ended_on=datetime.date(2027, 7, 31),
    )

    [row] = publishing.preview(thurrock, "head_of_service")

    assert row["value_gbp"] == ""
    assert row["ended_on"] == "2027-07-31"
    assert row["type"] == "Outside work"


@pytest.mark.parametrize(
    "status",
    [
        "draft",
        "submitted",
        "awaiting_approval",
        "awaiting_acknowledgement",
        "rejected",
        "withdrawn",
        "superseded",
        "ended",
    ],
)
def test_entries_that_do_not_stand_are_never_published(thurrock, director, status):
    declare(director, "gift", status, counterparty=f"Not published ({status})")
    declare(director, "interest", status, counterparty=f"Interest ({status})")

    assert publishing.preview(thurrock, "head_of_service") == []


def test_relationships_are_never_published(thurrock, director):
    declare(director, "relationship", "recorded", counterparty="A contractor")
    declare(director, "relationship", "approved", counterparty="Another contractor")

    assert publishing.preview(thurrock, "staff") == []


@pytest.mark.parametrize("type_", ["gift", "hospitality"])
def test_gifts_and_hospitality_offered_to_family_are_not_published(thurrock, director, type_):
    declare(director, type_, "recorded", counterparty="Family", detail={"offered_to": "family"})
    declare(director, type_, "recorded", counterparty="Self", detail={"offered_to": "self"})

    assert counterparties(publishing.preview(thurrock, "staff")) == {"Self"}


@pytest.mark.parametrize("held_by", ["spouse_or_partner", "relative", "close_friend"])
def test_interests_held_by_anyone_but_the_officer_are_not_published(thurrock, director, held_by):
    declare(director, "interest", "recorded", counterparty="Theirs", detail={"held_by": held_by})
    declare(director, "interest", "recorded", counterparty="Mine", detail={"held_by": "self"})

    assert counterparties(publishing.preview(thurrock, "staff")) == {"Mine"}


def test_officers_below_the_level_are_not_published(
    thurrock, officer, line_manager, head_of_service, monitoring_officer, director
):
    for person in (officer, line_manager, head_of_service, monitoring_officer, director):
        declare(person, "gift", "recorded", counterparty=person.user.username)

    default = counterparties(publishing.preview(thurrock, "head_of_service"))
    directors = counterparties(publishing.preview(thurrock, "director"))
    everyone = counterparties(publishing.preview(thurrock, "staff"))

    assert default == {"hana.head", "mona.monitoring", "dana.director"}
    assert directors == {"dana.director"}
    assert len(everyone) == 5


def test_another_organisations_declarations_are_not_published(thurrock, director, stranger):
    stranger.level = "director"
    stranger.save()
    declare(stranger, "gift", "recorded", counterparty="ECC donor")
    declare(director, "gift", "recorded", counterparty="Thurrock donor")

    assert counterparties(publishing.preview(thurrock, "staff")) == {"Thurrock donor"}


def test_only_the_latest_version_is_published(thurrock, director):
    first = declare(director, "gift", "recorded", counterparty="Version one")
    declare(
        director,
        "gift",
        "approved",
        counterparty="Version two",
        reference=first.reference,
        version=2,
        amends=first,
    )

    assert counterparties(publishing.preview(thurrock, "staff")) == {"Version two"}


def test_a_draft_amendment_leaves_the_standing_version_published(thurrock, director):
    first = declare(director, "interest", "recorded", counterparty="Standing")
    declare(
        director,
        "interest",
        "draft",
        counterparty="Being amended",
        reference=first.reference,
        version=2,
        amends=first,
    )

    assert counterparties(publishing.preview(thurrock, "staff")) == {"Standing"}


def test_a_declined_or_given_gift_says_so_in_its_type(thurrock, director):
    declare(director, "gift", "recorded", counterparty="Declined", detail={"status": "declined"})
    declare(director, "gift", "recorded", counterparty="Given", detail={"direction": "given"})

    types = {row["counterparty"]: row["type"] for row in publishing.preview(thurrock, "staff")}

    assert types == {"Declined": "Gift (declined)", "Given": "Gift given"}


def test_an_unknown_level_is_refused(thurrock):
    with pytest.raises(publishing.PublishError):
        publishing.publish(thurrock, minimum_level="emperor", by=None)
    assert not Publication.objects.exists()


def test_each_publication_is_kept_and_the_latest_is_the_public_one(
    thurrock, director, monitoring_officer
):
    declare(director, "gift", "recorded", counterparty="First")
    first = publishing.publish(thurrock, by=monitoring_officer)
    declare(director, "gift", "recorded", counterparty="Second")
    second = publishing.publish(thurrock, by=monitoring_officer)

    assert Publication.objects.filter(organisation=thurrock).count() == 2
    assert first.row_count == 1
    assert second.row_count == 2
    assert publishing.latest_publication(thurrock) == second


def test_the_snapshot_does_not_change_when_the_register_does(
    thurrock, director, monitoring_officer
):
    gift = declare(director, "gift", "recorded", counterparty="Original name")
    publication = publishing.publish(thurrock, by=monitoring_officer)

    gift.counterparty = "Changed later"
    gift.status = "superseded"
    gift.save()

    publication.refresh_from_db()
    assert counterparties(publication.entries) == {"Original name"}


# --- CSV safety -------------------------------------------------------------------------


def published_cell(cell: str) -> str:
    """The counterparty cell of a one-row publication's CSV."""
    heading, row = list(csv.reader(io.StringIO(publishing.csv_text([{"counterparty": cell}]))))
    return row[heading.index("Counterparty")]


@pytest.mark.parametrize("cell", ["=1+1", "+44 1375", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell):
    assert published_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Acme Ltd", "", "1+1=2", "'quoted"])
def test_ordinary_cells_are_left_alone(cell):
    assert published_cell(cell) == cell


# --- the publish page ---------------------------------------------------------------------


def test_the_monitoring_officer_sees_what_will_be_published_first(
    client, thurrock, director, monitoring_officer
):
    declare(director, "gift", "recorded", counterparty="Preview Co")
    client.force_login(monitoring_officer.user)

    response = client.get(PUBLISH_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview Co" in html
    assert '<option value="head_of_service" selected>' in html
    assert 'id="publish-summary"' in html
    assert "head of service" in html
    assert not Publication.objects.exists()


def test_the_preview_follows_the_level_chosen(
    client, thurrock, director, head_of_service, monitoring_officer
):
    declare(head_of_service, "gift", "recorded", counterparty="Head's donor")
    declare(director, "gift", "recorded", counterparty="Director's donor")
    client.force_login(monitoring_officer.user)

    response = client.get(PUBLISH_URL, {"minimum_level": "director"})

    html = response.content.decode()
    assert "Director&#x27;s donor" in html
    assert "Head&#x27;s donor" not in html
    assert '<option value="director" selected>' in html
    assert 'name="minimum_level" value="director"' in html


def test_publishing_saves_a_snapshot_and_shows_the_public_page(
    client, thurrock, director, monitoring_officer
):
    declare(director, "gift", "recorded", counterparty="Published Co")
    client.force_login(monitoring_officer.user)

    response = client.post(
        PUBLISH_URL, {"organisation": "thurrock", "minimum_level": "assistant_director"}
    )

    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("published-register", args=["thurrock"])
    assert publication.minimum_level == "assistant_director"
    assert publication.published_by == monitoring_officer
    assert counterparties(publication.entries) == {"Published Co"}


def test_a_level_that_is_not_on_the_list_is_an_error_not_a_publication(
    client, thurrock, monitoring_officer
):
    client.force_login(monitoring_officer.user)

    response = client.post(PUBLISH_URL, {"organisation": "thurrock", "minimum_level": "emperor"})

    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not Publication.objects.exists()


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_only_the_monitoring_officer_may_publish(
    client, thurrock, monitoring_officer, who, request
):
    person = request.getfixturevalue(who)
    client.force_login(person.user)

    assert client.get(PUBLISH_URL).status_code == 403
    response = client.post(
        PUBLISH_URL, {"organisation": "thurrock", "minimum_level": "head_of_service"}
    )
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_a_monitoring_officer_cannot_publish_another_organisations_register(
    client, thurrock, monitoring_officer, stranger
):
    client.force_login(monitoring_officer.user)

    response = client.post(PUBLISH_URL, {"organisation": "ecc", "minimum_level": "staff"})

    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, thurrock):
    get = client.get(PUBLISH_URL)
    post = client.post(PUBLISH_URL, {"organisation": "thurrock", "minimum_level": "staff"})

    assert get.status_code == 302
    assert get["Location"].startswith(reverse("login"))
    assert post.status_code == 302
    assert not Publication.objects.exists()


def test_a_system_administrator_may_publish_any_organisation(client, thurrock, stranger):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.post(PUBLISH_URL, {"organisation": "ecc", "minimum_level": "staff"})

    publication = Publication.objects.get()
    assert response.status_code == 302
    assert publication.organisation.code == "ecc"
    assert publication.published_by is None


def test_a_publication_with_nothing_in_it_is_still_a_publication(thurrock, monitoring_officer):
    DeclarationFactory(officer=monitoring_officer, status="draft")

    publication = publishing.publish(thurrock, by=monitoring_officer)

    assert publication.row_count == 0
    assert publication.entries == []


def test_publishing_what_was_checked(client, thurrock, director, monitoring_officer):
    declare(director, "gift", "recorded", counterparty="Checked Co")
    client.force_login(monitoring_officer.user)
    preview = client.get(PUBLISH_URL)

    response = client.post(
        PUBLISH_URL,
        {
            "organisation": "thurrock",
            "minimum_level": "head_of_service",
            "fingerprint": preview.context["fingerprint"],
        },
    )

    assert response.status_code == 302
    assert counterparties(Publication.objects.get().entries) == {"Checked Co"}


def test_a_register_that_changed_since_the_check_is_not_published(
    client, thurrock, director, monitoring_officer
):
    declare(director, "gift", "recorded", counterparty="Checked Co")
    client.force_login(monitoring_officer.user)
    preview = client.get(PUBLISH_URL)
    declare(director, "gift", "recorded", counterparty="Recorded since")

    response = client.post(
        PUBLISH_URL,
        {
            "organisation": "thurrock",
            "minimum_level": "head_of_service",
            "fingerprint": preview.context["fingerprint"],
        },
        follow=True,
    )

    assert not Publication.objects.exists()
    html = response.content.decode()
    assert "has changed since you checked" in html
    assert "Recorded since" in html  # shown the new preview


def test_what_happened_to_a_declined_gift_is_published_in_words_without_the_note(
    thurrock, director, monitoring_officer
):
    declare(
        director,
        "gift",
        "recorded",
        counterparty="Charity Co",
        detail={"status": "declined"},
        disposition_due_on=datetime.date(2026, 11, 20),
        disposition="given_to_named_charity",
        disposition_on=datetime.date(2026, 11, 10),
        disposition_note="Left with Jo Bloggs at 12 Private Road",
        disposition_recorded_at=datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC),
    )

    publication = publishing.publish(thurrock, by=monitoring_officer)

    (row,) = publication.entries
    assert row["what_happened"] == "Given to the Mayor's Charity Fund"  # Thurrock's words, 14.5
    assert row["what_happened_on"] == "2026-11-10"
    assert "Private Road" not in str(publication.entries)


@pytest.mark.parametrize(
    ("level", "words"),
    [
        ("staff", "all its officers"),
        ("head_of_service", "its officers at head of service level or above"),
        ("chief_executive", "its chief executive"),
    ],
)
def test_the_level_chosen_is_said_in_words(level, words):
    assert publishing.level_words(level) == words


# --- the pages rendered at publishing ----------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "pages"),
    [(1, [(1, 1, 1)]), (50, [(1, 1, 50)]), (51, [(1, 1, 50), (2, 51, 1)])],
)
def test_publishing_stores_the_public_table_fifty_entries_a_page(
    thurrock, director, monitoring_officer, entries, pages
):
    for n in range(entries):
        declare(director, "gift", "recorded", counterparty=f"Donor {n + 1:03}")

    publication = publishing.publish(thurrock, by=monitoring_officer)

    stored = list(publication.pages.order_by("number"))
    assert [(p.number, p.first_row, p.row_count) for p in stored] == pages
    assert publishing.page_count(publication) == len(pages)
    assert "Donor 001" in stored[0].html
    assert f"Donor {entries:03}" in stored[-1].html
    assert stored[0].html.count('<tr class="govuk-table__row">') == 1 + min(entries, 50)


def test_a_publication_with_nothing_in_it_has_no_pages(thurrock, monitoring_officer):
    publication = publishing.publish(thurrock, by=monitoring_officer)

    assert publication.row_count == 0
    assert not PublishedPage.objects.filter(publication=publication).exists()


def test_the_stored_page_escapes_what_officers_typed(thurrock, director, monitoring_officer):
    declare(
        director,
        "gift",
        "recorded",
        counterparty="<script>alert(1)</script>",
        description='Line one\n<img src=x onerror="alert(2)">',
    )

    publication = publishing.publish(thurrock, by=monitoring_officer)

    html = publication.pages.get().html
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert "Line one<br>" in html  # the line break the template adds, and only that
