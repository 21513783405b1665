"""manage.py refresh_dashboards: work out every organisation's dashboard now, for cron
where no worker runs the schedule (docs/background-work.md), and after a restore.

Thin: it calls declarations.register.dashboard_tasks.store_snapshot (what the worker's
`refresh_dashboard` task runs) for each organisation, or the ones named, and prints how
long each took: the dashboard's cost, paid here instead of on a keeper's page view.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from declarations.models import Organisation
from declarations.register import dashboard_tasks


class Command(BaseCommand):
    help = "Work out the dashboard's figures for every organisation (or those named) now."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("codes", nargs="*", help="organisation codes (default: all)")

    def handle(self, *args: Any, codes: list[str], **options: Any) -> None:
        organisations = Organisation.objects.order_by("pk")
        if codes:
            organisations = organisations.filter(code__in=codes)
            unknown = sorted(set(codes) - set(organisations.values_list("code", flat=True)))
            if unknown:
                raise CommandError(f"No organisation with the code {', '.join(unknown)}.")
        for organisation in organisations:
            started = time.monotonic()
            snapshot = dashboard_tasks.store_snapshot(organisation)
            self.stdout.write(
                f"{organisation.code}: figures as of {snapshot.computed_at:%Y-%m-%d %H:%M} "
                f"worked out in {time.monotonic() - started:.1f} s"
            )
