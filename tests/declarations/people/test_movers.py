"""Movers: who is at or below the officers whose line manager changed, read a level of
management at a time (people.within_reach)."""

from __future__ import annotations

import pytest

from declarations.models import Officer
from declarations.people import within_reach
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_the_officer_and_everyone_below_them_are_within_reach(
    officer, line_manager, director, stranger
):
    assert within_reach([line_manager.pk], [officer.pk, line_manager.pk, director.pk]) == {
        officer.pk,
        line_manager.pk,
    }
    assert within_reach([officer.pk], [line_manager.pk, stranger.pk]) == set()


def test_a_deep_chain_is_read_a_level_at_a_time(thurrock, django_assert_max_num_queries):
    top = person(thurrock, "tia.top", "director")
    above = top
    for number in range(8):
        above = person(thurrock, f"level.l{number}", "staff", above)

    with django_assert_max_num_queries(9):
        reached = within_reach([top.pk], [above.pk])

    assert reached == {above.pk}


def test_a_loop_ends_the_walk(thurrock):
    one = person(thurrock, "one.loop", "manager")
    two = person(thurrock, "two.loop", "manager", one)
    Officer.objects.filter(pk=one.pk).update(line_manager=two)  # past the model's check
    outside = person(thurrock, "out.side", "director")

    assert within_reach([outside.pk], [one.pk, two.pk]) == set()


def test_nothing_to_ask_asks_nothing(officer, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert within_reach([], [officer.pk]) == set()
        assert within_reach([officer.pk], []) == set()
