"""Peak memory of the register's export job (CSV, XLSX, PDF) over 100,000 declarations.

    DJANGO_SETTINGS_MODULE=conduct_register.settings DEBUG=true \\
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 \\
    .venv/bin/python bench/export_memory.py [--count 100000] [--timing]

DATABASE_URL must be given explicitly (a throw-away SQLite file, or a scratch
PostgreSQL database): the script migrates it and fills one organisation (Thurrock)
with COUNT declarations by bulk_create, unless that many are there already. It then
makes each export in a fresh child process through the background job, as the worker
does (`declarations.register.export_jobs.make_export`, for the monitoring officer's
whole register): rows read, file written to a temporary file, saved to a temporary
exports folder. Each child prints:

* tracemalloc's peak: Python allocations during the export, and
* resource.getrusage(RUSAGE_SELF).ru_maxrss: the process's peak resident memory,
  before the export (Django loaded, nothing exported) and after.

A fresh process per format keeps one export's peak out of the other's figures.
The target is well under 200 MB for each. tracemalloc slows Python down a lot (the
XLSX export several times over), so the times it prints are not the export's speed:
`--timing` runs each export once more without it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MB = 200
BATCH = 5_000
OFFICERS = 500
PREFIX = "BENCH"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct_register.settings")
    import django

    django.setup()


def seed(count: int) -> None:
    """One organisation, a monitoring officer, OFFICERS officers and `count` declarations
    (gifts and hospitality with values, every type, half with a decided step)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from declarations.models import (
        ApprovalStep,
        Declaration,
        GiftHospitality,
        Officer,
        Organisation,
        RoleAssignment,
    )

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        code="thurrock", defaults={"name": "Thurrock Council", "reference_prefix": "THU"}
    )
    existing = Declaration.objects.filter(reference__startswith=f"{PREFIX}-").count()
    if existing >= count:
        print(f"Using the {existing:,} declarations already in the database.")
        return
    if existing:
        sys.exit(f"{existing:,} bench declarations exist but {count:,} are wanted: use a new db.")
    started = time.perf_counter()
    users = get_user_model()
    with transaction.atomic():
        mo_user, _ = users.objects.get_or_create(
            username="bench.mo", defaults={"first_name": "Bench", "last_name": "Monitoring"}
        )
        mo, _ = Officer.objects.get_or_create(
            user=mo_user,
            defaults={
                "organisation": organisation,
                "staff_number": "BENCH-MO",
                "level": "assistant_director",
            },
        )
        RoleAssignment.objects.get_or_create(
            officer=mo,
            organisation=organisation,
            role="monitoring_officer",
            defaults={"valid_from": datetime.date(2020, 1, 1)},
        )
        new_users = users.objects.bulk_create(
            users(username=f"bench.{n}", first_name=f"First{n}", last_name=f"Last{n}")
            for n in range(OFFICERS)
        )
        officers = Officer.objects.bulk_create(
            Officer(
                user=user,
                organisation=organisation,
                staff_number=f"BENCH-{n:05d}",
                job_title="Officer",
                department=f"Department {n % 12}",
                level="staff",
            )
            for n, user in enumerate(new_users)
        )
    generator = random.Random(2026)
    types = ["gift", "hospitality", "interest", "outside_work", "relationship"]
    statuses = ["recorded", "approved", "awaiting_approval", "rejected", "withdrawn"]
    now = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
    for start in range(0, count, BATCH):
        with transaction.atomic():
            batch = []
            for number in range(start, min(start + BATCH, count)):
                kind = types[number % len(types)]
                value = (
                    Decimal(generator.randrange(0, 50_000)) / 100
                    if kind in ("gift", "hospitality")
                    else None
                )
                batch.append(
                    Declaration(
                        officer=officers[number % OFFICERS],
                        organisation=organisation,
                        type=kind,
                        status=statuses[number % len(statuses)],
                        reference=f"{PREFIX}-{number:07d}",
                        counterparty=f"Counterparty {generator.randrange(5000)} Ltd",
                        description="A description of moderate length, as staff write them. " * 2,
                        date=datetime.date(2024, 1, 1)
                        + datetime.timedelta(days=generator.randrange(900)),
                        declared_on=datetime.date(2026, 6, 1),
                        submitted_at=now,
                        # What submission copies into the register's columns.
                        outcome="declare",
                        late=number % 17 == 0,
                        register_keeper="director",
                        value_gbp=value,
                        verdict={
                            "outcome": "declare",
                            "route": ["line_manager", "director"],
                            "register_keeper": "director",
                            "deadline": None,
                            "late": number % 17 == 0,
                            "written": True,
                            "citations": ["thurrock:14.3", "thurrock:14.6"],
                            "flags": [],
                            "reasons": ["Record it in the register."],
                            "codes_applied": ["thurrock"],
                        },
                    )
                )
            made = Declaration.objects.bulk_create(batch)
            GiftHospitality.objects.bulk_create(
                GiftHospitality(
                    declaration=d,
                    value_gbp=d.value_gbp,
                    hospitality_kind="working_meal" if d.type == "hospitality" else "",
                )
                for d in made
                if d.type in ("gift", "hospitality")
            )
            ApprovalStep.objects.bulk_create(
                ApprovalStep(
                    declaration=d,
                    order=1,
                    role="line_manager",
                    assignee=mo,
                    state="approved",
                    decided_by=mo,
                    decided_at=now,
                )
                for n, d in enumerate(made)
                if n % 2 == 0
            )
    print(f"Seeded {count:,} declarations in {time.perf_counter() - started:.1f} s.")


def max_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_hwm_mb() -> float | None:
    """The same peak from /proc/self/status (VmHWM), as a cross-check; None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure(fmt: str, trace: bool = True) -> dict:
    """Make one export through the job, as the worker does, and report memory (runs in a
    child process). The file goes to a temporary folder, and no email is sent (the
    bench's monitoring officer has no address)."""
    import tempfile

    from django.conf import settings
    from django.core.files.storage import storages

    from declarations.models import Export, Officer
    from declarations.register import export_jobs

    folder = tempfile.TemporaryDirectory()
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder.name},
        },
    }
    storages._storages = {}  # read the changed setting
    user = Officer.objects.select_related("user").get(staff_number="BENCH-MO").user
    user.email = ""
    user.save(update_fields=["email"])
    asked = export_jobs.listing_for(user, export_jobs.WHOLE_REGISTER, {})
    export = Export.objects.create(
        requested_by=user,
        organisation=asked.organisation,
        register=export_jobs.WHOLE_REGISTER,
        format=fmt,
        query={},
        title=asked.title,
        filename=f"bench.{fmt}",
    )
    rss_before = max_rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    export_jobs.make_export.call(str(export.pk))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    export.refresh_from_db()
    if export.state != "done":
        sys.exit(f"The export failed: {export.error}")
    result = {
        "format": fmt,
        "response": "export job",
        "bytes": export.size_bytes,
        "csv_lines": export.rows_done + 1 if fmt == "csv" else None,
        "seconds": round(elapsed, 1),
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "ru_maxrss_before_mb": round(rss_before, 1),
        "ru_maxrss_after_mb": round(max_rss_mb(), 1),
        "vm_hwm_mb": round(vm_hwm_mb() or 0, 1),
    }
    storages["exports"].delete(export.file.name)
    export.delete()
    folder.cleanup()
    return result


def child(*args: str) -> str:
    """Run this script again in a fresh process (so that its peak memory is its own)."""
    done = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--timing",
        action="store_true",
        help="also time each export without tracemalloc (which slows Python down)",
    )
    parser.add_argument("--measure", choices=["csv", "xlsx", "pdf"], help=argparse.SUPPRESS)
    parser.add_argument(
        "--formats", default="csv,xlsx", help="which exports to measure (csv,xlsx,pdf)"
    )
    parser.add_argument("--untraced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit(
            "Set DATABASE_URL to a throw-away database, e.g. "
            "DATABASE_URL=sqlite:////tmp/bench.sqlite3: this script fills it with data."
        )
    if args.seed_only or args.measure:
        setup_django()
        if args.seed_only:
            from django.db import connection

            seed(args.count)
            print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        else:
            print(json.dumps(measure(args.measure, trace=not args.untraced)))
        return

    # This process only starts the others and prints: it never loads Django, so the
    # children (whose ru_maxrss starts from this process's size) inherit no big peak.
    print(child("--seed-only", "--count", str(args.count)), end="")
    print(f"Target: under {TARGET_MB} MB for each export.\n")
    failed = False
    for fmt in args.formats.split(","):
        result = json.loads(child("--measure", fmt).strip().splitlines()[-1])
        rows = f", {result['csv_lines'] - 1:,} rows" if result["csv_lines"] else ""
        print(
            f"{fmt.upper():4} {result['response']}: {result['bytes'] / 2**20:.1f} MB{rows}, "
            f"{result['seconds']} s (slowed by tracemalloc)"
        )
        print(f"     tracemalloc peak during the export:  {result['tracemalloc_peak_mb']:.1f} MB")
        print(
            f"     ru_maxrss, process peak:             {result['ru_maxrss_after_mb']:.1f} MB "
            f"(Django loaded, before the export: {result['ru_maxrss_before_mb']:.1f} MB)"
        )
        print(f"     VmHWM (/proc/self/status):           {result['vm_hwm_mb']:.1f} MB")
        failed |= result["ru_maxrss_after_mb"] >= TARGET_MB
        if args.timing:
            plain = json.loads(child("--measure", fmt, "--untraced").strip().splitlines()[-1])
            print(
                f"     without tracemalloc: {plain['seconds']} s, "
                f"ru_maxrss {plain['ru_maxrss_after_mb']:.1f} MB"
            )
            failed |= plain["ru_maxrss_after_mb"] >= TARGET_MB
    print("\nOK: every export under the target." if not failed else "\nOVER the target.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
