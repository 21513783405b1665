"""`manage.py apply_leaving_dates`: apply the leaving dates that have come.

What the background worker's hourly schedule runs (declarations.scheduling
.apply_leaving_dates), for cron when the schedule is off: each officer whose leaving
date is today or past, and who is still active, leaves (people.leavers). Safe to run
again: someone who has left is not left twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from declarations import clock, people


class Command(BaseCommand):
    help = (
        "Apply every leaving date that has come: the officer can no longer sign in, "
        "their waiting steps pass to the next person and their interests and outside "
        "work end on the leaving date."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        left = people.apply_leaving_dates(clock.today())
        for officer in left:
            self.stdout.write(
                f"  {officer.full_name} ({officer.staff_number}) left on {officer.left_on}"
            )
        self.stdout.write(f"{len(left)} officer{'s' if len(left) != 1 else ''} left.")
