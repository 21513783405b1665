"""The register at a council's scale: grow a PostgreSQL database to a million declarations,
then serve the register and a floor view the same way and measure both side by side.

    # 1. grow (about 5 minutes for a million): migrate, seed the demo, then copy it
    .venv/bin/python bench/scale.py grow \\
        --database postgres://postgres@127.0.0.1:5432/conduct_register_scale \\
        --declarations 1000000

    # 2. measure: serve the register and the floor with gunicorn (2 sync workers each,
    #    DEBUG off), median latency at one user and throughput at 20 with wrk
    .venv/bin/python bench/scale.py measure \\
        --database postgres://postgres@127.0.0.1:5432/conduct_register_scale

How it grows. `seed_demo` gives a small, realistic register: five employers, their
officers, line managers, directors and monitoring officers, every kind of declaration
with its verdict, steps and history. The grower copies it, in SQL (`INSERT ... SELECT ...
CROSS JOIN generate_series`), column by column as the database lists them, so whatever
columns the schema gains are copied too: users and officers (copy k of officer o is
managed by o's own line manager, so the demo's approvers get thousands of steps, as busy
approvers do), then declarations with their details, approval steps and events (copy k
of a declaration belongs to copy k of its officer, with its reference suffixed). Ids are
offset per copy, so every foreign key finds its copy; sequences are moved on afterwards
and the tables analysed, and the database gets the setting README's "PostgreSQL
settings" recommends. Then each employer's register is published once.

How it measures. Both servers run `conduct_register.wsgi` under gunicorn with the same
environment; the floor with DJANGO_SETTINGS_MODULE=bench.floor_site (the register's
settings and middleware and one view doing one indexed SELECT of 50 rows). Sessions are
made with Django's own `Client.force_login` for the people each page is for (the
busiest approver, the monitoring officer, an officer). Each page is fetched once to
warm up, then `--requests` times in a row (median at one user); then wrk runs 20
connections for `--seconds` (requests per second). The table gives each page's median,
its ratio to the floor's, and its throughput as a share of the floor's. A second floor,
the same 50 rows shown in the register's layout to a signed-in officer, says what any
signed-in page costs before it does its own work (the session, the user and their staff
record, the navigation, the layout); each page's ratio to it is given too.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
DEMO_DECLARATIONS_PER_COPY_BATCH = 500  # copies per INSERT: bounded statements

# The environment both servers run with: production settings, plain HTTP on loopback.
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "STATIC_ROOT": "/tmp/conduct-register-bench-static",
}


def django_env(database: str, **extra: str) -> dict[str, str]:
    return {**os.environ, **SERVER_ENV, "DATABASE_URL": database, **extra}


def manage(database: str, *args: str, debug: str = "true") -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=django_env(database, DEBUG=debug), check=True
    )


# --- grow -------------------------------------------------------------------------------------


def columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND table_schema = current_schema() ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def copy_rows(
    cursor,
    table: str,
    overrides: dict[str, str],
    first: int,
    last: int,
    where: str = "TRUE",
) -> int:
    """Copies `first`..`last` of the template rows of `table` (ids at most the template's
    highest, kept in the temp table `template_max`): every column as it is, but those in
    `overrides` (SQL over `src` and the copy number `g`)."""
    names = columns(cursor, table)
    values = [overrides.get(name, f'src."{name}"') for name in names]
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor.execute(
        f"INSERT INTO {table} ({quoted}) "
        f"SELECT {', '.join(values)} FROM {table} AS src "
        f"CROSS JOIN generate_series(%s::int, %s::int) AS g "
        f"WHERE {where}",
        [first, last],
    )
    return cursor.rowcount


def grow(database: str, declarations: int) -> None:
    import psycopg

    started = time.monotonic()
    manage(database, "migrate", "--noinput", "-v0")
    with psycopg.connect(database_dsn(database), autocommit=True) as connection:
        cursor = connection.cursor()
        manage(database, "seed_demo", "--quiet")
        maxima = {
            table: cursor.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
            for table in (
                "auth_user",
                "declarations_officer",
                "declarations_declaration",
                "declarations_approvalstep",
                "declarations_declarationevent",
            )
        }
        template = cursor.execute("SELECT count(*) FROM declarations_declaration").fetchone()[0]
        copies = -(-(declarations - template) // template)  # ceiling
        officers = cursor.execute("SELECT count(*) FROM declarations_officer").fetchone()[0]
        # Offsets: copy g of row r has id r + g * span, span above any id in use.
        span = {table: 10 ** len(str(highest)) for table, highest in maxima.items()}
        officer_copies = max(1, min(copies, 20_000 // officers))
        print(
            f"Template: {template} declarations, {officers} officers; making {copies:,} "
            f"copies of the declarations and {officer_copies:,} of the officers."
        )
        user_span, officer_span = span["auth_user"], span["declarations_officer"]
        with_max = "src.id <= {max}"
        # Officers: copy g of officer o has user o.user + g*span and keeps o's line manager.
        copy_rows(
            cursor,
            "auth_user",
            {
                "id": f"src.id + g * {user_span}",
                "username": "src.username || '.' || g",
                "email": "CASE WHEN src.email = '' THEN '' ELSE g || '.' || src.email END",
                "is_superuser": "FALSE",
                "is_staff": "FALSE",
            },
            1,
            officer_copies,
            with_max.format(max=maxima["auth_user"]),
        )
        copy_rows(
            cursor,
            "declarations_officer",
            {
                "id": f"src.id + g * {officer_span}",
                "user_id": f"src.user_id + g * {user_span}",
                "staff_number": "src.staff_number || '-' || g",
            },
            1,
            officer_copies,
            with_max.format(max=maxima["declarations_officer"]),
        )
        # Declarations: copy g belongs to copy ((g - 1) % officer_copies) + 1 of its officer.
        declaration_span = span["declarations_declaration"]
        officer_of_copy = f"src.officer_id + (mod(g - 1, {officer_copies}) + 1) * {officer_span}"
        details = (
            "declarations_gifthospitality",
            "declarations_interest",
            "declarations_outsidework",
            "declarations_relationship",
        )
        step_span = span["declarations_approvalstep"]
        event_span = span["declarations_declarationevent"]
        done = 0
        for first in range(1, copies + 1, DEMO_DECLARATIONS_PER_COPY_BATCH):
            last = min(copies, first + DEMO_DECLARATIONS_PER_COPY_BATCH - 1)
            with connection.transaction():
                done += copy_rows(
                    cursor,
                    "declarations_declaration",
                    {
                        "id": f"src.id + g * {declaration_span}",
                        "officer_id": officer_of_copy,
                        "reference": "CASE WHEN src.reference = '' THEN '' "
                        "ELSE src.reference || '-' || g END",
                        "amends_id": f"src.amends_id + g * {declaration_span}",
                    },
                    first,
                    last,
                    with_max.format(max=maxima["declarations_declaration"]),
                )
                for table in details:
                    copy_rows(
                        cursor,
                        table,
                        {"declaration_id": f"src.declaration_id + g * {declaration_span}"},
                        first,
                        last,
                        f"src.declaration_id <= {maxima['declarations_declaration']}",
                    )
                copy_rows(
                    cursor,
                    "declarations_approvalstep",
                    {
                        "id": f"src.id + g * {step_span}",
                        "declaration_id": f"src.declaration_id + g * {declaration_span}",
                    },
                    first,
                    last,
                    with_max.format(max=maxima["declarations_approvalstep"]),
                )
                copy_rows(
                    cursor,
                    "declarations_declarationevent",
                    {
                        "id": f"src.id + g * {event_span}",
                        "declaration_id": f"src.declaration_id + g * {declaration_span}",
                    },
                    first,
                    last,
                    with_max.format(max=maxima["declarations_declarationevent"]),
                )
            print(f"  {template + done:,} declarations ({time.monotonic() - started:.0f} s)")
        for table in maxima:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
        # The setting README's "PostgreSQL settings" recommends for the register's database.
        name = database.rsplit("/", 1)[1]
        cursor.execute(f'ALTER DATABASE "{name}" SET parallel_setup_cost = 10000')
    publish_every_register(database)
    print(f"Grown in {time.monotonic() - started:.0f} s.")
    report_sizes(database)


def database_dsn(database: str) -> str:
    return re.sub(r"^postgres(ql)?://", "postgresql://", database)


def report_sizes(database: str) -> None:
    import psycopg

    with psycopg.connect(database_dsn(database)) as connection:
        for table in (
            "declarations_officer",
            "declarations_declaration",
            "declarations_approvalstep",
            "declarations_declarationevent",
        ):
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            print(f"  {table}: {count:,}")


def setup_django(database: str) -> None:
    os.environ.update(django_env(database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "conduct_register.settings"
    import django

    django.setup()


def publish_every_register(database: str) -> None:
    """Each employer's register published once, by its monitoring officer (in a child
    process, with the register's own service)."""
    code = f"from bench.scale import setup_django, _publish; setup_django({database!r}); _publish()"
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True)


def _publish() -> None:
    from declarations.models import Organisation
    from declarations.register import publishing

    for organisation in Organisation.objects.all():
        started = time.monotonic()
        publication = publishing.publish(organisation, by=None)
        print(
            f"  published {organisation.code}: {publication.row_count:,} entries "
            f"in {time.monotonic() - started:.1f} s"
        )


# --- measure ----------------------------------------------------------------------------------


def sessions(database: str) -> dict[str, str]:
    """Session cookies, made by Django's own test client, for the people pages are for."""
    code = (
        "from bench.scale import setup_django, _sessions; "
        f"setup_django({database!r}); print(_sessions())"
    )
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return dict(line.split("=", 1) for line in output.strip().splitlines()[-1].split(";"))


def _sessions() -> str:
    from django.test import Client

    cookies = []
    for name, person in _people().items():
        client = Client()
        client.force_login(person.user)
        cookies.append(f"{name}={client.cookies['sessionid'].value}")
    return ";".join(cookies)


def _people() -> dict:
    """The people the pages are for: the busiest approver, Thurrock's monitoring officer
    and the Thurrock officer who filed most."""
    from django.db.models import Count

    from declarations import choices as c
    from declarations.models import ApprovalStep, Officer, RoleAssignment

    busiest = (
        ApprovalStep.objects.filter(state=c.StepState.PENDING, assignee__isnull=False)
        .values("assignee")
        .annotate(pending=Count("id"))
        .order_by("-pending")
        .first()
    )
    monitoring = RoleAssignment.objects.filter(
        role="monitoring_officer", organisation__code="thurrock"
    ).first()
    officer = (
        Officer.objects.filter(organisation__code="thurrock", level="staff")
        .annotate(filed=Count("declarations"))
        .order_by("-filed")
        .first()
    )
    print(f"busiest approver has {busiest['pending']:,} pending steps", file=sys.stderr)
    return {
        "approver": Officer.objects.get(pk=busiest["assignee"]),
        "monitoring_officer": monitoring.officer,
        "officer": officer,
    }


@contextmanager
def served(database: str, port: int, settings_module: str) -> Iterator[str]:
    """gunicorn serving the register's WSGI application with `settings_module`."""
    env = django_env(database, DJANGO_SETTINGS_MODULE=settings_module)
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "conduct_register.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except urllib.error.HTTPError:  # it answers
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def fetch(url: str, cookie: str) -> tuple[float, int, int]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def throughput(url: str, cookie: str, seconds: int, connections: int) -> float:
    if not shutil.which("wrk"):
        return float("nan")
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "120s",
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return float(match.group(1)) if match else float("nan")


PAGES = [
    ("officer home", "officer", "/"),
    ("/register/ first page", "monitoring_officer", "/register/"),
    ("register, free-text search", "monitoring_officer", "/register/?q=acme"),
    ("register, sorted by value", "monitoring_officer", "/register/?sort=-value"),
    # Reached by following "Next" 99 times from the first page, as a keeper would: a
    # page number on OFFSET paging, a cursor on keyset paging.
    ("register, page 100", "monitoring_officer", "/register/ +99 next"),
    ("/dashboard/", "monitoring_officer", "/dashboard/"),
    ("/decisions/ (busiest approver)", "approver", "/decisions/"),
    ("/published/thurrock/", "officer", "/published/thurrock/"),
]


NEXT_LINK = re.compile(r'<a[^>]*href="([^"]+)"[^>]*rel="next"|<a[^>]*rel="next"[^>]*href="([^"]+)"')


def follow_next(base: str, path: str, cookie: str, times: int) -> str:
    """The path reached from `path` by following the page's rel="next" link `times` times."""
    for _ in range(times):
        request = urllib.request.Request(f"{base}{path}", headers={"Cookie": f"sessionid={cookie}"})
        with urllib.request.urlopen(request, timeout=300) as response:
            body = response.read().decode()
        match = NEXT_LINK.search(body)
        if match is None:
            raise SystemExit(f"no next link on {path}")
        link = html.unescape(match.group(1) or match.group(2))
        path = link if link.startswith("/") else urllib.parse.urljoin(path, link)
    return path


def measure(database: str, requests: int, seconds: int, users: int, only: str | None) -> None:
    manage(database, "collectstatic", "--noinput", "-v0", debug="false")
    # The dashboard shows figures the worker works out in the background: work them out
    # now (what the worker's schedule does every 10 minutes), and say what that costs.
    manage(database, "refresh_dashboards", debug="false")
    cookies = sessions(database)
    results = []
    with (
        served(database, 8701, "conduct_register.settings") as app,
        served(database, 8702, "bench.floor_site") as floor_base,
    ):
        floor_url = f"{floor_base}/floor/"
        fetch(floor_url, cookies["officer"])
        floor_times = [fetch(floor_url, cookies["officer"])[0] for _ in range(requests)]
        floor_median = statistics.median(floor_times)
        floor_rps = throughput(floor_url, cookies["officer"], seconds, users)
        print(f"floor: median {floor_median * 1000:.1f} ms, {floor_rps:.0f} requests/s")
        # The same rows in the register's layout, signed in (bench/floor_site.py).
        signed_in_url = f"{floor_base}/floor/signed-in/"
        _, status, signed_in_size = fetch(signed_in_url, cookies["officer"])
        assert status == 200, f"the signed-in floor answered {status}"
        signed_in_median = statistics.median(
            [fetch(signed_in_url, cookies["officer"])[0] for _ in range(requests)]
        )
        signed_in_rps = throughput(signed_in_url, cookies["officer"], seconds, users)
        print(
            f"signed-in floor: median {signed_in_median * 1000:.1f} ms, "
            f"{signed_in_rps:.0f} requests/s"
        )
        for label, who, path in PAGES:
            if only and only not in label:
                continue
            if " +" in path:
                start, steps = path.split(" +")
                path = follow_next(app, start, cookies[who], int(steps.split()[0]))
            url = f"{app}{path}"
            _, status, size = fetch(url, cookies[who])
            times = [fetch(url, cookies[who])[0] for _ in range(requests)]
            median = statistics.median(times)
            rps = throughput(url, cookies[who], seconds, users)
            results.append((label, status, size, median, rps))
            print(
                f"{label}: {status}, {size / 1024:.0f} KB, median {median * 1000:.1f} ms, "
                f"{rps:.1f} requests/s"
            )
    print()
    print(
        f"| page | size | median at 1 user | ratio | ratio to signed-in floor "
        f"| requests/s at {users} users | share |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| floor (one indexed SELECT of 50 rows) | | {floor_median * 1000:.1f} ms | 1 | "
        f"{floor_median / signed_in_median:.2f} | {floor_rps:.0f} | 1 |"
    )
    results.insert(
        0,
        (
            "signed-in floor (the same rows in the layout)",
            200,
            signed_in_size,
            signed_in_median,
            signed_in_rps,
        ),
    )
    for label, _status, size, median, rps in results:
        print(
            f"| {label} | {size / 1024:.0f} KB | {median * 1000:.1f} ms "
            f"| {median / floor_median:.1f} | {median / signed_in_median:.1f} "
            f"| {rps:.1f} | {rps / floor_rps:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["grow", "measure"])
    parser.add_argument("--database", required=True, help="a scratch PostgreSQL database URL")
    parser.add_argument("--declarations", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=15, help="requests per page at 1 user")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per page")
    parser.add_argument("--users", type=int, default=20, help="wrk's connections")
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    options = parser.parse_args()
    if not options.database.startswith(("postgres://", "postgresql://")):
        parser.error("--database must be a PostgreSQL URL (a scratch database: it is filled)")
    if options.command == "grow":
        createdb(options.database)
        grow(options.database, options.declarations)
    else:
        measure(options.database, options.requests, options.seconds, options.users, options.only)


def createdb(database: str) -> None:
    """A new, empty database: growing starts from the demo every time."""
    import psycopg

    name = database.rsplit("/", 1)[1]
    server = database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(database_dsn(server), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
