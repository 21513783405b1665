"""Previous versions of the published register: every publication is listed, dated,
and served at its own address exactly as it was published, labelled as not the current
register; anything else at those addresses is not found."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from declarations import clock
from declarations.models import Publication
from declarations.register import publishing
from tests.declarations.filing.helpers import visible_text
from tests.factories import OfficerFactory, UserFactory, declare

pytestmark = pytest.mark.django_db

NOT_CURRENT = "this is not the current register"


@pytest.fixture
def senior(thurrock):
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="pat.senior", first_name="Pat", last_name="Senior"),
        level="director",
        job_title="Director of Place",
    )


def on(day: datetime.date):
    return clock.set_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC))


@pytest.fixture
def two_publications(thurrock, senior, monitoring_officer):
    """A first publication of one gift, then (the gift changed, another added) a second."""
    gift = declare(senior, "gift", counterparty="As first published")
    with on(datetime.date(2026, 3, 2)):
        first = publishing.publish(thurrock, by=monitoring_officer)
    gift.counterparty = "Changed since"
    gift.save()
    declare(senior, "hospitality", counterparty="Added later")
    with on(datetime.date(2026, 9, 14)):
        second = publishing.publish(thurrock, by=monitoring_officer)
    return first, second


def versions_url(code: str = "thurrock") -> str:
    return reverse("published-versions", args=[code])


def version_url(publication: Publication, code: str = "thurrock") -> str:
    return reverse("published-version", args=[code, publication.pk])


def entries_shown(html: str) -> list[str]:
    """The numbers in the "Entries" cells of the versions table, top to bottom."""
    return re.findall(r'govuk-table__cell--numeric">(\d+)</td>', html)


def test_previous_versions_keep_the_public_addresses_others_link_to():
    assert versions_url() == "/published/thurrock/versions/"
    assert reverse("published-version", args=["thurrock", 4]) == "/published/thurrock/versions/4/"
    assert (
        reverse("published-version-csv", args=["thurrock", 4])
        == "/published/thurrock/versions/4.csv"
    )


def test_the_public_page_links_to_previous_versions(client, two_publications):
    html = client.get(reverse("published-register", args=["thurrock"])).content.decode()

    assert f'href="{versions_url()}"' in html
    assert "Previous versions" in html


def test_every_publication_is_listed_newest_first_dated_with_its_rows(client, two_publications):
    first, second = two_publications

    response = client.get(versions_url())

    html = response.content.decode()
    text = visible_text(response)
    assert response.status_code == 200
    assert html.index(version_url(second)) < html.index(version_url(first))
    assert "14 September 2026" in text
    assert "2 March 2026" in text
    # The "Entries" column, newest first: what each version listed.
    assert entries_shown(html) == ["2", "1"]


def test_an_earlier_version_is_served_as_it_was_published(client, two_publications):
    first, _ = two_publications

    response = client.get(version_url(first))

    text = visible_text(response)
    assert response.status_code == 200
    assert "As first published" in text
    assert "Changed since" not in text
    assert "Added later" not in text
    assert f"Published on 2 March 2026: {NOT_CURRENT}" in text
    assert f'href="{reverse("published-register", args=["thurrock"])}"' in (
        response.content.decode()
    )


def test_an_earlier_version_stays_as_published_after_the_register_changes(
    client, thurrock, senior, two_publications
):
    first, _ = two_publications
    declare(senior, "gift", counterparty="Even later")

    text = visible_text(client.get(version_url(first)))

    assert "As first published" in text
    assert "Even later" not in text


def test_the_latest_version_is_not_labelled_as_old(client, two_publications):
    _, second = two_publications

    text = visible_text(client.get(version_url(second)))

    assert NOT_CURRENT not in text
    assert "Changed since" in text


def test_an_earlier_versions_csv_is_served_as_published(client, two_publications):
    first, _ = two_publications

    response = client.get(reverse("published-version-csv", args=["thurrock", first.pk]))

    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "As first published" in body
    assert "Changed since" not in body
    assert 'filename="thurrock-register-2026-03-02.csv"' in response.headers["Content-Disposition"]


@pytest.fixture
def many_versions(thurrock):
    """A page and five more of publications, a day apart, oldest first."""
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    return Publication.objects.bulk_create(
        Publication(organisation=thurrock, published_at=start + datetime.timedelta(days=n))
        for n in range(publishing.VERSIONS_PAGE_SIZE + 5)
    )


def test_the_list_is_bounded_with_a_link_to_older_ones(client, thurrock, many_versions):
    first_page = client.get(versions_url())
    page = publishing.versions(thurrock)
    older = client.get(versions_url(), {"after": page.older})

    assert len(page.rows) == publishing.VERSIONS_PAGE_SIZE
    assert (page.older, page.newer) == (page.rows[-1].pk, None)
    assert f'href="?after={page.older}"' in first_page.content.decode()
    assert "Newer versions" not in visible_text(first_page)
    assert older.content.decode().count("/published/thurrock/versions/") == 5
    assert "Older versions" not in visible_text(older)


def test_an_older_page_links_back_to_the_newer_ones(client, thurrock, many_versions):
    newest_first = many_versions[::-1]
    older = client.get(versions_url(), {"after": newest_first[99].pk})
    back = publishing.versions(thurrock, before=newest_first[100].pk)

    newer = client.get(versions_url(), {"before": newest_first[100].pk})

    assert "Newer versions" in visible_text(older)
    assert f'href="?before={newest_first[100].pk}"' in older.content.decode()
    # Back to the newest page: the same versions, and no link to newer ones from there.
    assert [row.pk for row in back.rows] == [p.pk for p in newest_first[:100]]
    assert (back.older, back.newer) == (newest_first[99].pk, None)
    assert "Newer versions" not in visible_text(newer)
    assert "Older versions" in visible_text(newer)


def test_a_middle_page_links_both_ways(thurrock):
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    made = Publication.objects.bulk_create(
        Publication(organisation=thurrock, published_at=start + datetime.timedelta(days=n))
        for n in range(2 * publishing.VERSIONS_PAGE_SIZE + 1)
    )
    newest_first = made[::-1]

    middle = publishing.versions(thurrock, after=newest_first[99].pk)
    newer = publishing.versions(thurrock, before=middle.rows[0].pk)

    assert [row.pk for row in middle.rows] == [p.pk for p in newest_first[100:200]]
    assert (middle.older, middle.newer) == (newest_first[199].pk, newest_first[100].pk)
    assert [row.pk for row in newer.rows] == [p.pk for p in newest_first[:100]]
    assert newer.newer is None


def test_another_employers_publication_is_not_found(client, two_publications, stranger):
    first, _ = two_publications
    publishing.publish(stranger.organisation, by=None)

    assert client.get(version_url(first, code="ecc")).status_code == 404
    assert client.get(reverse("published-version-csv", args=["ecc", first.pk])).status_code == 404


@pytest.mark.parametrize("pk", [0, 999_999, 2**64])
def test_no_such_version_is_not_found(client, two_publications, pk):
    assert client.get(f"/published/thurrock/versions/{pk}/").status_code == 404
    assert client.get(f"/published/thurrock/versions/{pk}.csv").status_code == 404


def test_an_employer_that_never_published_has_no_versions(client, thurrock):
    assert client.get(versions_url()).status_code == 404


@pytest.mark.parametrize("cursor", ["after", "before"])
def test_a_bad_cursor_shows_the_newest(client, two_publications, cursor):
    _, second = two_publications

    response = client.get(versions_url(), {cursor: "not-a-number"})

    assert response.status_code == 200
    assert version_url(second) in response.content.decode()


def test_a_version_entries_were_withdrawn_from_is_marked_in_the_list(client, two_publications):
    first, second = two_publications
    Publication.objects.filter(pk=first.pk).update(entries_withdrawn_at=clock.now())

    response = client.get(versions_url())

    rows = response.content.decode().split('<tr class="govuk-table__row">')[2:]
    marked = {
        publication.pk: "Entries withdrawn"
        in next(row for row in rows if version_url(publication) in row)
        for publication in (first, second)
    }
    assert marked == {first.pk: True, second.pk: False}
