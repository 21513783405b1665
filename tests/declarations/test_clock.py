"""The register's clock: real time unless a block sets it, and only for that block."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.utils import timezone

from declarations import clock
from declarations.workflow import record_event
from tests.factories import DeclarationFactory

A_MOMENT = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)


def test_it_tells_the_real_time_by_default():
    before = timezone.now()

    assert before <= clock.now() <= timezone.now()


def test_a_block_runs_at_the_moment_it_sets_and_the_clock_comes_back_after():
    with clock.set_to(A_MOMENT):
        assert clock.now() == A_MOMENT
        # 23:30 UTC on 31 December is still 31 December in London (GMT).
        assert clock.today() == datetime.date(2025, 12, 31)

    assert clock.now() > A_MOMENT


def test_blocks_nest_and_each_restores_the_one_outside():
    later = A_MOMENT + datetime.timedelta(days=3)
    with clock.set_to(A_MOMENT):
        with clock.set_to(later):
            assert clock.now() == later
        assert clock.now() == A_MOMENT


def test_another_thread_keeps_the_real_time():
    seen: list[datetime.datetime] = []
    with clock.set_to(A_MOMENT):
        worker = threading.Thread(target=lambda: seen.append(clock.now()))
        worker.start()
        worker.join()

    assert seen[0] > A_MOMENT


def test_it_refuses_a_time_without_a_time_zone():
    with pytest.raises(ValueError, match="aware"), clock.set_to(datetime.datetime(2025, 1, 1)):
        pass


@pytest.mark.django_db
def test_events_written_inside_a_block_carry_its_time(officer):
    declaration = DeclarationFactory(officer=officer, organisation=officer.organisation)
    with clock.set_to(A_MOMENT):
        event = record_event(declaration, "edited", actor=officer.user)

    assert event.at == A_MOMENT
