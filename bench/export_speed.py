"""How fast the export job writes the register's CSV, against PostgreSQL's own COPY.

    DJANGO_SETTINGS_MODULE=conduct_register.settings DEBUG=true \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_exports \\
    .venv/bin/python bench/export_speed.py [--count 200000] [--repeat 3]

DATABASE_URL must name a throw-away PostgreSQL database (created if missing): the
script migrates it and fills one organisation (Thurrock) with COUNT declarations, as
bench/export_memory.py does (bulk_create; about a minute for 200,000), unless that many
are there already. Then, for the whole register as the monitoring officer sees it
(default filter and sort), best of --repeat runs:

(a) COPY (the export's own SELECT, `exports.export_queryset`) TO STDOUT (FORMAT csv),
    read through psycopg into a sink: the database alone, no Python per row;
(b) the job's CSV writer: `exports.write_csv_cells(exports.csv_rows(...))` into a temporary
    file, with the job's cursor (in autocommit, so WITH HOLD; every row read, so
    `exports.reading_every_row`), minus the progress updates;
(c) the whole job, `export_jobs.make_export` (count, progress updates, write, save to
    the exports storage, under a temporary folder), with no email (the requester has
    no address).

It prints each time, rows a second, and the ratio COPY time / writer time: the target
is at least 0.5 (the writer at least half as fast as COPY).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_RATIO = 0.5


def ensure_database(url: str) -> None:
    """Create the database DATABASE_URL names if it does not exist yet."""
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Sink:
    """Counts what is written to it, keeps nothing."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def best(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a throw-away PostgreSQL database: this script fills it.")
    ensure_database(url)

    from export_memory import seed, setup_django

    setup_django()
    seed(args.count)

    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after the bulk insert, as autovacuum would

    from declarations.models import Declaration, Export, Officer
    from declarations.register import export_jobs, exports

    user = Officer.objects.select_related("user").get(staff_number="BENCH-MO").user
    asked = export_jobs.listing_for(user, export_jobs.WHOLE_REGISTER, {})
    queryset = exports.export_queryset(asked.listing.declarations)
    select, params = queryset.query.sql_with_params()
    total = Declaration.objects.in_register(asked.organisation).count()
    print(f"{total:,} declarations in the register; {connection.vendor}, best of {args.repeat}.")

    def copy() -> int:
        sink = Sink()
        with connection.cursor() as cursor:
            statement = connection.ops.compose_sql(select, params)
            with cursor.cursor.copy(f"COPY ({statement}) TO STDOUT (FORMAT csv, HEADER)") as out:
                for data in out:
                    sink.write(data)
        return sink.size

    def writer() -> int:
        with exports.reading_every_row(), tempfile.TemporaryFile() as output:
            exports.write_csv_cells(exports.csv_rows(asked.listing.declarations), output)
            return output.tell()

    folder = tempfile.TemporaryDirectory()
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder.name},
        },
    }
    from django.core.files.storage import storages

    storages._storages = {}
    user.email = ""  # no email from the bench
    user.save(update_fields=["email"])

    def job() -> int:
        export = Export.objects.create(
            requested_by=user,
            organisation=asked.organisation,
            register=export_jobs.WHOLE_REGISTER,
            format="csv",
            query={},
            title=asked.title,
            filename="bench.csv",
        )
        export_jobs.make_export.call(str(export.pk))
        export.refresh_from_db()
        assert export.state == "done", export.error
        storages["exports"].delete(export.file.name)
        size = export.size_bytes or 0
        export.delete()
        return size

    copy_time, copy_bytes = best(args.repeat, copy)
    writer_time, writer_bytes = best(args.repeat, writer)
    job_time, job_bytes = best(args.repeat, job)
    folder.cleanup()

    def line(label: str, seconds: float, size: object) -> None:
        mb = int(size) / 2**20  # type: ignore[call-overload]
        print(f"{label:44} {seconds:6.2f} s  {total / seconds:9,.0f} rows/s  {mb:6.1f} MB")

    line("(a) COPY (the export's SELECT) TO STDOUT csv", copy_time, copy_bytes)
    line("(b) the job's CSV writer", writer_time, writer_bytes)
    line("(c) the whole job (count, write, save)", job_time, job_bytes)
    ratio = copy_time / writer_time
    print(f"\nCOPY time / writer time: {ratio:.2f} (target at least {TARGET_RATIO})")
    print(f"COPY time / whole job time: {copy_time / job_time:.2f}")
    sys.exit(0 if ratio >= TARGET_RATIO else 1)


if __name__ == "__main__":
    main()
