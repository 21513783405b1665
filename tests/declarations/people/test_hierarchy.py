"""Walking the line-management chain (declarations/people/hierarchy.py).

The cast's chain is officer -> line manager -> director (tests/conftest.py).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from declarations.models import Officer
from declarations.people import hierarchy, importing
from policies.vocabulary import Level
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def make_loop(first: Officer, second: Officer) -> None:
    """first and second manage each other, written past the checks (as old data might be)."""
    Officer.objects.filter(pk=first.pk).update(line_manager=second)
    Officer.objects.filter(pk=second.pk).update(line_manager=first)


# --- a chain ---------------------------------------------------------------------------------


def test_the_chain_lists_managers_nearest_first(officer, line_manager, director):
    assert hierarchy.chain_above(officer) == [line_manager, director]
    assert hierarchy.chain_above(director) == []


def test_a_chain_stops_at_a_loop_instead_of_spinning(thurrock, officer):
    a = OfficerFactory(organisation=thurrock)
    b = OfficerFactory(organisation=thurrock)
    make_loop(a, b)
    Officer.objects.filter(pk=officer.pk).update(line_manager=a)

    assert hierarchy.chain_above(Officer.objects.get(pk=officer.pk)) == [a, b]
    assert hierarchy.chain_above(Officer.objects.get(pk=a.pk)) == [b]


def test_walking_a_graph_in_memory_stops_at_a_loop():
    managers = {1: 2, 2: 3, 3: 2, 4: None}

    assert list(hierarchy.walk_up(1, managers)) == [2, 3]
    assert list(hierarchy.walk_up(4, managers)) == []
    assert list(hierarchy.walk_up(99, managers)) == []  # nobody we know of


# --- the nearest at a level ------------------------------------------------------------------


@pytest.fixture
def assistant_director(thurrock, director, line_manager):
    ad = OfficerFactory(organisation=thurrock, level="assistant_director", line_manager=director)
    line_manager.line_manager = ad
    line_manager.save()
    return ad


def test_the_nearest_director_and_assistant_director_up_the_chain(
    officer, line_manager, director, assistant_director
):
    officer.refresh_from_db()

    assert hierarchy.nearest_at_level(officer, Level.ASSISTANT_DIRECTOR) == assistant_director
    assert hierarchy.nearest_at_level(officer, Level.DIRECTOR) == director
    assert hierarchy.nearest_at_level(director, Level.DIRECTOR) is None  # never themselves


def test_someone_who_has_left_is_passed_over(thurrock, officer, assistant_director, director):
    assistant_director.active = False
    assistant_director.save()
    officer.refresh_from_db()

    assert hierarchy.nearest_at_level(officer, Level.ASSISTANT_DIRECTOR) is None
    assert hierarchy.nearest_above(officer, lambda m: m.level_rank >= Level.MANAGER.rank) == (
        officer.line_manager
    )
    assert hierarchy.nearest_above(officer, lambda m: m.level != "manager") == director


def test_the_nearest_at_a_level_for_many_officers_matches_one_at_a_time(
    thurrock, officer, line_manager, director, assistant_director
):
    a = OfficerFactory(organisation=thurrock)
    b = OfficerFactory(organisation=thurrock)
    make_loop(a, b)
    people = [officer, line_manager, director, assistant_director, a, b]

    found = hierarchy.nearest_at_level_for([p.pk for p in people], Level.ASSISTANT_DIRECTOR)

    assert found[officer.pk] == assistant_director
    assert found[a.pk] is None
    for person in people:
        person.refresh_from_db()
        assert found[person.pk] == hierarchy.nearest_at_level(person, Level.ASSISTANT_DIRECTOR)


def test_many_chains_are_read_one_level_at_a_time(thurrock, line_manager, assistant_director):
    few = [OfficerFactory(organisation=thurrock, line_manager=line_manager) for _ in range(2)]
    many = few + [
        OfficerFactory(organisation=thurrock, line_manager=line_manager) for _ in range(20)
    ]

    def queries(officers: list[Officer]) -> int:
        with CaptureQueriesContext(connection) as captured:
            hierarchy.nearest_at_level_for([o.pk for o in officers], Level.ASSISTANT_DIRECTOR)
        return len(captured)

    assert queries(many) == queries(few)


# --- loops refused -----------------------------------------------------------------------------


def test_a_new_manager_below_the_officer_would_make_a_loop():
    managers = {"lee": "dana", "olive": "lee", "dana": None}

    assert hierarchy.loop_path("dana", "olive", managers) == ["olive", "lee", "dana"]
    assert hierarchy.would_make_loop("dana", "olive", managers)
    assert not hierarchy.would_make_loop("olive", "dana", managers)
    assert not hierarchy.would_make_loop("olive", None, managers)


def test_a_loop_higher_up_is_not_the_officers_to_answer_for():
    managers = {"a": "b", "b": "a", "olive": None}

    assert not hierarchy.would_make_loop("olive", "a", managers)


def test_an_import_files_graph_mixes_officers_in_the_register_with_new_rows():
    # Existing officers are keyed by id, new rows by (organisation, staff number).
    new_row = ("thurrock", "T9")
    managers: dict[int | tuple[str, str], int | tuple[str, str] | None] = {1: new_row, 2: 1}

    assert hierarchy.loop_path(new_row, 2, managers) == [2, 1, new_row]


def test_the_database_is_read_afresh_not_the_copies_in_memory(officer, line_manager, director):
    stale_director = Officer.objects.get(pk=director.pk)
    Officer.objects.filter(pk=director.pk).update(line_manager=None)

    stored = hierarchy.StoredManagers()

    assert stored[officer.pk] == line_manager.pk
    assert hierarchy.would_make_loop(director.pk, officer.pk, stored)
    assert stale_director.line_manager is None
    with pytest.raises(KeyError):
        stored[-1]


def test_a_save_that_would_make_a_loop_is_refused(officer, director):
    director.line_manager = officer

    with pytest.raises(ValidationError, match="line-management loop"):
        director.save()

    director.refresh_from_db()
    assert director.line_manager is None


def test_an_import_file_that_would_make_a_loop_is_refused(tmp_path, officer, director):
    path = tmp_path / "officers.csv"
    path.write_text(
        "staff_number,first_name,last_name,email,organisation,level,line_manager_staff_number\n"
        f"{director.staff_number},Dana,Director,{director.user.email},thurrock,director,"
        f"{officer.staff_number}\n",
        encoding="utf-8",
    )

    with pytest.raises(importing.ImportRejected) as rejected:
        importing.import_officers(path)

    [problem] = rejected.value.problems
    assert "would make a line-management loop" in problem.message
    director.refresh_from_db()
    assert director.line_manager is None
