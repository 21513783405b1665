"""`manage.py import_officers`: good files, re-imports, every kind of bad row, exit status."""

from __future__ import annotations

import csv
import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from declarations.models import ApprovalStep, DeclarationEvent, Officer
from declarations.people import hierarchy
from tests.factories import OfficerFactory, OrganisationFactory, UserFactory, open_for

PROJECT_ROOT = Path(__file__).resolve().parents[3]
COLUMNS = [
    "staff_number",
    "first_name",
    "last_name",
    "email",
    "organisation",
    "job_title",
    "department",
    "level",
    "spinal_column_point",
    "line_manager_staff_number",
    "flags",
]
User = get_user_model()


def person(staff_number: str, first_name: str, **values: str) -> dict[str, str]:
    """A good Thurrock row; keyword arguments replace any column."""
    row = {
        "staff_number": staff_number,
        "first_name": first_name,
        "last_name": "Example",
        "email": f"{first_name.lower()}@thurrock.example",
        "organisation": "thurrock",
        "job_title": "Housing Officer",
        "department": "Housing",
        "level": "staff",
        "spinal_column_point": "",
        "line_manager_staff_number": "",
        "flags": "",
    }
    return row | values


TEAM = [
    person("T1", "Dana", level="director", job_title="Director of Housing", flags="board_member"),
    person("T2", "Lee", level="manager", spinal_column_point="38", line_manager_staff_number="T1"),
    person(
        "T3",
        "Olive",
        line_manager_staff_number="T2",
        flags="politically_restricted; procurement_or_regulatory_role",
    ),
]


def write_csv(
    directory: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS, name: str = "o.csv"
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = directory / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path: Path, *args: str) -> str:
    """Import and return what the command printed."""
    out = io.StringIO()
    call_command("import_officers", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(path: Path, *args: str) -> tuple[CommandError, list[str]]:
    """Import a bad file; return the error and the problem lines written to stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_officers", str(path), *args, stdout=io.StringIO(), stderr=err)
    return raised.value, err.getvalue().splitlines()


def snapshot() -> list[tuple]:
    """Everything an import can change, to compare before and after."""
    return list(
        Officer.objects.order_by("staff_number").values_list(
            "staff_number",
            "organisation__code",
            "user__username",
            "user__email",
            "user__first_name",
            "user__last_name",
            "job_title",
            "department",
            "level",
            "spinal_column_point",
            "line_manager__staff_number",
            "board_member",
            "politically_restricted",
            "procurement_or_regulatory_role",
        )
    ) + list(User.objects.order_by("username").values_list("username", "password"))


@pytest.fixture
def organisations(db):
    return {code: OrganisationFactory(code=code) for code in ("thurrock", "ecc")}


@pytest.mark.django_db
def test_it_imports_a_good_file(tmp_path, organisations):
    output = run(write_csv(tmp_path, TEAM))

    assert output.strip() == "created 3, updated 0, unchanged 0"
    dana, lee, olive = (Officer.objects.get(staff_number=n) for n in ("T1", "T2", "T3"))
    assert dana.organisation == organisations["thurrock"]
    assert (dana.level, dana.job_title, dana.line_manager) == (
        "director",
        "Director of Housing",
        None,
    )
    assert (dana.board_member, dana.politically_restricted) == (True, False)
    assert (lee.level, lee.spinal_column_point, lee.line_manager) == ("manager", 38, dana)
    assert olive.line_manager == lee
    assert olive.spinal_column_point is None
    assert (olive.politically_restricted, olive.procurement_or_regulatory_role) == (True, True)
    assert not olive.board_member
    user = olive.user
    assert (user.username, user.email) == ("olive@thurrock.example", "olive@thurrock.example")
    assert (user.first_name, user.last_name) == ("Olive", "Example")
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_line_managers_resolve_in_any_row_order(tmp_path, organisations):
    run(write_csv(tmp_path, list(reversed(TEAM))))

    olive = Officer.objects.get(staff_number="T3")
    assert [m.staff_number for m in hierarchy.chain_above(olive)] == ["T2", "T1"]


@pytest.mark.django_db
def test_a_line_manager_may_already_be_in_the_register(tmp_path, director):
    run(
        write_csv(tmp_path, [person("T9", "Nina", line_manager_staff_number=director.staff_number)])
    )

    assert Officer.objects.get(staff_number="T9").line_manager == director


@pytest.mark.django_db
def test_a_second_import_changes_nothing(tmp_path, organisations):
    path = write_csv(tmp_path, TEAM)
    run(path)
    before = snapshot()

    output = run(path)

    assert output.strip() == "created 0, updated 0, unchanged 3"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_re_import_updates_names_email_job_title_and_line_manager(tmp_path, organisations):
    run(write_csv(tmp_path, TEAM))
    changed = [
        TEAM[0],
        TEAM[1],
        person(
            "T3",
            "Olivia",
            last_name="Officer",
            email="Olivia.Officer@Thurrock.example",
            job_title="Senior Housing Officer",
            level="manager",
            line_manager_staff_number="T1",
        ),
    ]

    output = run(write_csv(tmp_path, changed))

    assert output.strip() == "created 0, updated 1, unchanged 2"
    olive = Officer.objects.get(staff_number="T3")
    assert (olive.user.first_name, olive.user.last_name) == ("Olivia", "Officer")
    assert olive.user.email == "Olivia.Officer@Thurrock.example"
    assert olive.user.username == "olivia.officer@thurrock.example"
    assert (olive.job_title, olive.level) == ("Senior Housing Officer", "manager")
    assert olive.line_manager.staff_number == "T1"
    assert (olive.politically_restricted, olive.procurement_or_regulatory_role) == (False, False)
    assert User.objects.count() == 3


@pytest.mark.django_db
def test_it_updates_an_officer_found_by_staff_number_and_keeps_their_own_username(
    tmp_path, officer
):
    row = person(officer.staff_number, "Olive", last_name="Newname", email="olive@thurrock.example")

    output = run(write_csv(tmp_path, [row]))

    assert output.strip() == "created 0, updated 1, unchanged 0"
    officer.refresh_from_db()
    officer.user.refresh_from_db()
    assert officer.user.username == "olive.officer"  # how she signs in today
    assert (officer.user.email, officer.user.last_name) == ("olive@thurrock.example", "Newname")
    assert officer.user.check_password("correct horse battery staple")
    assert officer.line_manager is None  # the file says she has none


@pytest.mark.django_db
def test_it_gives_an_existing_user_with_the_same_email_their_officer_record(
    tmp_path, organisations
):
    user = UserFactory(username="ann", email="Ann.Smith@Thurrock.example")

    output = run(write_csv(tmp_path, [person("T7", "Ann", email="ann.smith@thurrock.example")]))

    assert output.strip() == "created 1, updated 0, unchanged 0"
    assert Officer.objects.get(staff_number="T7").user == user
    assert User.objects.count() == 1
    user.refresh_from_db()
    assert user.email == "ann.smith@thurrock.example"
    assert user.has_usable_password()


@pytest.mark.django_db
def test_columns_left_out_of_the_file_leave_those_fields_alone(tmp_path, officer):
    columns = ["staff_number", "first_name", "last_name", "email", "organisation", "level"]
    row = person(officer.staff_number, "Olive", email="olive@thurrock.example")

    run(write_csv(tmp_path, [row], columns=columns))

    officer.refresh_from_db()
    assert (officer.job_title, officer.department) == ("Housing Officer", "Housing")
    assert officer.line_manager.user.username == "lee.manager"


@pytest.mark.django_db
def test_it_copes_with_a_byte_order_mark_blank_lines_and_surrounding_whitespace(
    tmp_path, organisations
):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeff Staff_Number , first_name,last_name,email,organisation,level,flags\r\n"
        " T1 ,  Dana , Example , Dana@Thurrock.example , Thurrock , Director , board_member |"
        " politically_restricted \r\n"
        ",,,,,,\r\n"
        "\r\n"
        "T2,Lee,Example,lee@,thurrock,manager,\r\n".encode()
    )

    _, problems = run_failing(path)
    assert problems == ["row 5, field email: 'lee@' is not a valid email address"]

    path.write_bytes(path.read_bytes().replace(b"lee@,", b"lee@thurrock.example,"))
    run(path)

    dana = Officer.objects.get(staff_number="T1")
    assert (dana.user.first_name, dana.user.email) == ("Dana", "Dana@Thurrock.example")
    assert (dana.organisation.code, dana.level) == ("thurrock", "director")
    assert (dana.board_member, dana.politically_restricted) == (True, True)


@pytest.mark.django_db
def test_it_reports_every_bad_row_and_imports_nothing(tmp_path, organisations):
    rows = [
        person("T1", "Dana", level="director"),
        person("", "", email="not-an-email", level="boss"),
        person("T3", "Olive", organisation="opcc", spinal_column_point="-4"),
        person("T1", "Pat", email="DANA@thurrock.example", flags="board_member vip"),
        person("T5", "Quinn", organisation="essex", line_manager_staff_number="T1"),
        person("T6", "Ray", line_manager_staff_number="Z99"),
        person("T7", "Sue", email="sue@", line_manager_staff_number="T7"),
        person("T8", "Tom", level="boss", line_manager_staff_number="Z98"),
        person("T9", "Uma", line_manager_staff_number="T8"),  # row 9 is bad but names T8
    ]

    error, problems = run_failing(write_csv(tmp_path, rows))

    assert error.returncode == 2
    assert problems == [
        "row 3, field staff_number: staff number is required",
        "row 3, field first_name: first name is required",
        "row 3, field email: 'not-an-email' is not a valid email address",
        "row 3, field level: 'boss' is not a level (use one of staff, manager, "
        "head_of_service, assistant_director, director or chief_executive)",
        "row 4, field organisation: no organisation with code 'opcc' is set up in the register",
        "row 4, field spinal_column_point: '-4' is not a spinal column point "
        "(a whole number from 1 to 99, or leave it empty)",
        "row 5, field staff_number: staff number 'T1' is already used for thurrock on row 2",
        "row 5, field email: email 'DANA@thurrock.example' is already used on row 2",
        "row 5, field flags: 'vip' is not a flag (use board_member, politically_restricted "
        "or procurement_or_regulatory_role)",
        "row 6, field organisation: 'essex' is not an employer code (use one of "
        "essex-probation, county-council, opcc, thurrock or ecc)",
        "row 7, field line_manager_staff_number: no officer with staff number 'Z99' at "
        "Thurrock Council, in this file or the register",
        "row 8, field email: 'sue@' is not a valid email address",
        "row 8, field line_manager_staff_number: 'T7' is this officer's own staff number: "
        "an officer cannot be their own line manager",
        "row 9, field level: 'boss' is not a level (use one of staff, manager, "
        "head_of_service, assistant_director, director or chief_executive)",
        "row 9, field line_manager_staff_number: no officer with staff number 'Z98' at "
        "Thurrock Council, in this file or the register",
    ]
    assert "15 problems" in str(error)
    assert "nothing was imported" in str(error)
    assert not Officer.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_missing_and_unknown_columns_are_reported_against_the_header(tmp_path, organisations):
    columns = [c for c in COLUMNS if c not in ("email", "level")] + ["line_manger"]

    error, problems = run_failing(write_csv(tmp_path, TEAM, columns=columns))

    assert error.returncode == 2
    assert problems[:2] == [
        "row 1, field email: missing column",
        "row 1, field level: missing column",
    ]
    assert problems[2].startswith("row 1, field line_manger: unknown column 'line_manger'")
    assert len(problems) == 3
    assert not Officer.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_line_management_loop(tmp_path, organisations):
    rows = [
        person("T1", "Dana", line_manager_staff_number="T3"),
        person("T2", "Lee", line_manager_staff_number="T1"),
        person("T3", "Olive", line_manager_staff_number="T2"),
        person("T4", "Pat", line_manager_staff_number="T4"),
        person("T5", "Quinn", line_manager_staff_number="T1"),  # under the loop, not in it
    ]

    _, problems = run_failing(write_csv(tmp_path, rows))

    assert problems == [
        "row 2, field line_manager_staff_number: 'T3' as line manager would make a "
        "line-management loop: T1 would report to T3, who reports to T2, who reports to T1",
        "row 3, field line_manager_staff_number: 'T1' as line manager would make a "
        "line-management loop: T2 would report to T1, who reports to T3, who reports to T2",
        "row 4, field line_manager_staff_number: 'T2' as line manager would make a "
        "line-management loop: T3 would report to T2, who reports to T1, who reports to T3",
        "row 5, field line_manager_staff_number: 'T4' is this officer's own staff number: "
        "an officer cannot be their own line manager",
    ]
    assert not Officer.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_loop_through_officers_already_in_the_register(tmp_path, officer):
    # In the register: Olive reports to Lee, who reports to Dana.
    director = officer.line_manager.line_manager
    before = snapshot()
    row = person(
        director.staff_number,
        "Dana",
        email=director.user.email,
        level="director",
        line_manager_staff_number=officer.staff_number,
    )

    _, problems = run_failing(write_csv(tmp_path, [row]))

    lee = officer.line_manager
    assert problems == [
        f"row 2, field line_manager_staff_number: '{officer.staff_number}' as line manager "
        f"would make a line-management loop: {director.staff_number} would report to "
        f"{officer.staff_number}, who reports to {lee.staff_number}, who reports to "
        f"{director.staff_number}"
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_two_officers_who_would_manage_each_other_are_a_loop(tmp_path, organisations):
    rows = [
        person("A1", "Ann", line_manager_staff_number="B1"),
        person("B1", "Ben", line_manager_staff_number="A1"),
    ]

    error, problems = run_failing(write_csv(tmp_path, rows))

    assert error.returncode == 2
    assert problems == [
        "row 2, field line_manager_staff_number: 'B1' as line manager would make a "
        "line-management loop: A1 would report to B1, who reports to A1",
        "row 3, field line_manager_staff_number: 'A1' as line manager would make a "
        "line-management loop: B1 would report to A1, who reports to B1",
    ]
    assert not Officer.objects.exists()


@pytest.mark.django_db
def test_a_loop_through_an_officer_at_another_employer_is_found(tmp_path, organisations):
    # In the register: Max (Thurrock) reports to Eve (ECC), who reports to Xan (Thurrock).
    thurrock, ecc = organisations["thurrock"], organisations["ecc"]
    xan = OfficerFactory(organisation=thurrock, staff_number="X1")
    eve = OfficerFactory(organisation=ecc, staff_number="E1", line_manager=xan)
    OfficerFactory(organisation=thurrock, staff_number="M1", line_manager=eve)
    before = snapshot()
    row = person("X1", "Xan", email=xan.user.email, line_manager_staff_number="M1")

    _, problems = run_failing(write_csv(tmp_path, [row]))

    assert problems == [
        "row 2, field line_manager_staff_number: 'M1' as line manager would make a "
        "line-management loop: X1 would report to M1, who reports to E1, who reports to X1"
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_long_loop_is_named_in_part(tmp_path, organisations):
    size = 30
    rows = [
        person(f"L{n}", f"Person{n}", line_manager_staff_number=f"L{(n + 1) % size}")
        for n in range(size)
    ]

    _, problems = run_failing(write_csv(tmp_path, rows))

    assert len(problems) == size  # every row on the loop
    assert problems[0] == (
        "row 2, field line_manager_staff_number: 'L1' as line manager would make a "
        "line-management loop: L0 would report to "
        + ", who reports to ".join(f"L{n}" for n in range(1, 20))
        + ", who reports to ... (10 more), who reports to L0"
    )


def chain(depth: int, job_title: str = "Housing Officer") -> list[dict[str, str]]:
    """C0 manages C1, who manages C2... down to C<depth - 1>."""
    return [
        person(
            f"C{n}",
            f"Chain{n}",
            job_title=job_title,
            line_manager_staff_number=f"C{n - 1}" if n else "",
        )
        for n in range(depth)
    ]


CHAIN_DEPTH = 500
# Measured on a 500-deep chain: 23 queries on SQLite (its bulk inserts go in batches of
# under 999 parameters), 10 on PostgreSQL; before, 126,255 on both (a query per level
# of the chain for every row: 52 s on SQLite, 134 s on PostgreSQL).
CHAIN_QUERIES = 40


@pytest.mark.django_db
def test_a_500_deep_chain_imports_in_a_bounded_number_of_queries(
    tmp_path, organisations, django_assert_max_num_queries
):
    path = write_csv(tmp_path, list(reversed(chain(CHAIN_DEPTH))))

    with django_assert_max_num_queries(CHAIN_QUERIES):
        output = run(path)

    assert output.strip() == f"created {CHAIN_DEPTH}, updated 0, unchanged 0"
    managers = dict(Officer.objects.values_list("staff_number", "line_manager__staff_number"))
    assert managers == {f"C{n}": f"C{n - 1}" if n else None for n in range(CHAIN_DEPTH)}


@pytest.mark.django_db
def test_turning_a_500_deep_chain_upside_down_takes_a_bounded_number_of_queries(
    tmp_path, organisations, django_assert_max_num_queries
):
    run(write_csv(tmp_path, chain(CHAIN_DEPTH)))
    upside_down = [
        person(
            f"C{n}",
            f"Chain{n}",
            line_manager_staff_number=f"C{n + 1}" if n < CHAIN_DEPTH - 1 else "",
        )
        for n in range(CHAIN_DEPTH)
    ]

    with django_assert_max_num_queries(CHAIN_QUERIES):
        output = run(write_csv(tmp_path, upside_down, name="again.csv"))

    assert output.strip() == f"created 0, updated {CHAIN_DEPTH}, unchanged 0"
    bottom = Officer.objects.get(staff_number=f"C{CHAIN_DEPTH - 1}")
    assert bottom.line_manager is None
    assert Officer.objects.get(staff_number="C0").line_manager.staff_number == "C1"


@pytest.mark.django_db
def test_changing_other_fields_down_a_500_deep_chain_is_a_query_per_changed_row(
    tmp_path, organisations, django_assert_max_num_queries
):
    run(write_csv(tmp_path, chain(CHAIN_DEPTH)))

    with django_assert_max_num_queries(CHAIN_DEPTH + CHAIN_QUERIES):
        output = run(write_csv(tmp_path, chain(CHAIN_DEPTH, job_title="Team Leader"), name="b"))

    assert output.strip() == f"created 0, updated {CHAIN_DEPTH}, unchanged 0"
    assert set(Officer.objects.values_list("job_title", flat=True)) == {"Team Leader"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column",
    ["staff_number", "first_name", "email", "job_title", "department", "line_manager_staff_number"],
)
def test_a_nul_character_is_reported_by_row_and_column_and_nothing_is_imported(
    tmp_path, organisations, column
):
    rows = [dict(row) for row in TEAM]
    value = rows[1][column]
    rows[1][column] = value[:1] + "\x00" + value[1:]  # row 3: Lee

    error, problems = run_failing(write_csv(tmp_path, rows))

    assert error.returncode == 2
    assert problems == [f"row 3, field {column}: contains a NUL character"]
    assert "1 problem in" in str(error)
    assert "nothing was imported" in str(error)
    assert not Officer.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_nul_character_in_the_header_is_reported_by_column(tmp_path, organisations):
    path = write_csv(tmp_path, TEAM)
    path.write_text(path.read_text().replace("job_title", "job\x00title", 1))

    error, problems = run_failing(path)

    assert error.returncode == 2
    assert problems == ["row 1, field (column 6): contains a NUL character"]
    assert not Officer.objects.exists()


@pytest.mark.django_db
def test_reversing_a_line_management_relationship_in_one_file_is_not_a_loop(
    tmp_path, organisations
):
    run(
        write_csv(
            tmp_path, [person("T1", "Dana"), person("T2", "Lee", line_manager_staff_number="T1")]
        )
    )

    run(
        write_csv(
            tmp_path, [person("T1", "Dana", line_manager_staff_number="T2"), person("T2", "Lee")]
        )
    )

    assert Officer.objects.get(staff_number="T1").line_manager.staff_number == "T2"
    assert Officer.objects.get(staff_number="T2").line_manager is None


@pytest.mark.django_db
def test_an_email_belonging_to_another_officer_is_refused(tmp_path, officer):
    before = snapshot()
    row = person("T8", "Imposter", email=officer.user.email.upper())

    _, problems = run_failing(write_csv(tmp_path, [row]))

    assert problems == [
        f"row 2, field email: '{officer.user.email.upper()}' already belongs to Olive Officer, "
        f"staff number '{officer.staff_number}' at Thurrock Council"
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_the_same_staff_number_may_be_used_by_two_employers(tmp_path, organisations):
    rows = [person("1001", "Dana"), person("1001", "Eve", organisation="ecc")]

    run(write_csv(tmp_path, rows))

    assert sorted(Officer.objects.values_list("organisation__code", flat=True)) == [
        "ecc",
        "thurrock",
    ]


@pytest.mark.django_db
def test_dry_run_saves_nothing(tmp_path, organisations):
    assert run(write_csv(tmp_path, TEAM), "--dry-run").strip() == (
        "created 3, updated 0, unchanged 0 (dry run: nothing saved)"
    )
    assert not Officer.objects.exists()
    assert not User.objects.exists()

    run(write_csv(tmp_path, TEAM))
    before = snapshot()
    changed = [*TEAM[:2], person("T3", "Olive", job_title="Team Leader")]
    output = run(write_csv(tmp_path, changed), "--dry-run", "--verbosity=2")

    assert output.splitlines() == [
        "row 2: T1 unchanged",
        "row 3: T2 unchanged",
        "row 4: T3 updated",
        "created 0, updated 1, unchanged 2 (dry run: nothing saved)",
    ]
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("Dana,Café\n".encode("cp1252"), "is not UTF-8 text"),
        (b"", "is empty"),
    ],
    ids=["missing", "not-utf-8", "empty"],
)
def test_exit_status_is_2_on_bad_input(tmp_path, organisations, content, message):
    path = tmp_path / "officers.csv"
    if content is not None:
        path.write_bytes(content)

    error, _ = run_failing(path)

    assert error.returncode == 2
    assert message in str(error)
    assert not Officer.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"staff_number,first_name\nT1,Dana\n", "row 1, field last_name: missing column"),
    ],
    ids=["missing-file", "missing-column"],
)
def test_the_command_line_exits_with_status_2_and_no_traceback(tmp_path, content, message):
    # Both fail before the database is touched, so the subprocess needs no test database.
    path = tmp_path / "officers.csv"
    if content is not None:
        path.write_bytes(content)
    env = {**os.environ, "DEBUG": "true"}

    finished = subprocess.run(
        [sys.executable, "manage.py", "import_officers", str(path)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert finished.returncode == 2
    assert message in finished.stderr
    assert "Traceback" not in finished.stderr
    assert finished.stdout == ""


# --- leavers and movers ---------------------------------------------------------------------

LEAVING_COLUMNS = [*COLUMNS, "leaving_date", "active"]


def cast_row(officer: Officer, **values: str) -> dict[str, str]:
    """A row for an officer already in the register, as they are, with `values` changed."""
    return (
        person(
            officer.staff_number,
            officer.user.first_name,
            last_name=officer.user.last_name,
            email=officer.user.email,
            job_title=officer.job_title,
            department=officer.department,
            level=officer.level,
            line_manager_staff_number=(
                officer.line_manager.staff_number if officer.line_manager_id else ""
            ),
        )
        | {"leaving_date": "", "active": ""}
        | values
    )


@pytest.mark.django_db
def test_a_leaving_date_that_has_come_makes_them_leave(tmp_path, officer, line_manager, director):
    _, (step,) = open_for(officer)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    rows = [cast_row(line_manager, leaving_date=yesterday.isoformat())]

    output = run(write_csv(tmp_path, rows, columns=LEAVING_COLUMNS))

    assert output.strip() == ("created 0, updated 1, unchanged 0; 1 left; 1 waiting step passed on")
    line_manager.refresh_from_db()
    line_manager.user.refresh_from_db()
    assert (line_manager.active, line_manager.left_on) == (False, yesterday)
    assert line_manager.user.is_active is False
    assert ApprovalStep.objects.get(pk=step.pk).assignee == director


@pytest.mark.django_db
def test_active_no_without_a_date_means_leaving_today_and_a_re_import_changes_nothing(
    tmp_path, officer
):
    path = write_csv(tmp_path, [cast_row(officer, active="No")], columns=LEAVING_COLUMNS)

    first = run(path)
    again = run(path)

    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (False, timezone.localdate())
    assert first.strip() == "created 0, updated 1, unchanged 0; 1 left"
    assert again.strip() == "created 0, updated 0, unchanged 1"


@pytest.mark.django_db
def test_a_leaving_date_still_to_come_is_stored_and_they_stay(tmp_path, officer):
    later = timezone.localdate() + datetime.timedelta(days=30)
    rows = [cast_row(officer, leaving_date=later.strftime("%d/%m/%Y"), active="yes")]

    output = run(write_csv(tmp_path, rows, columns=LEAVING_COLUMNS))

    assert output.strip() == "created 0, updated 1, unchanged 0"
    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (True, later)


@pytest.mark.django_db
def test_bad_leaving_dates_and_active_values_are_reported_by_row_and_field(tmp_path, officer):
    before = snapshot()
    today = timezone.localdate()
    rows = [
        cast_row(officer, leaving_date="31/02/2026"),
        person("N1", "Nell", leaving_date="", active="maybe"),
        person("N2", "Ned", leaving_date=today.isoformat(), active="yes"),
    ]

    error, problems = run_failing(write_csv(tmp_path, rows, columns=LEAVING_COLUMNS))

    assert error.returncode == 2
    assert problems == [
        "row 2, field leaving_date: '31/02/2026' is not a date (write it as 2026-11-30 "
        "or 30/11/2026, or leave it empty)",
        "row 3, field active: 'maybe' is not yes or no (or leave it empty)",
        f"row 4, field active: 'yes', but the leaving date {today:%d/%m/%Y} has come: "
        "say no, or change the leaving date",
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_the_import_does_not_bring_back_someone_who_has_left(tmp_path, officer):
    Officer.objects.filter(pk=officer.pk).update(active=False, left_on=datetime.date(2026, 1, 31))

    error, problems = run_failing(
        write_csv(tmp_path, [cast_row(officer, active="yes")], columns=LEAVING_COLUMNS)
    )

    assert error.returncode == 2
    assert problems == [
        "row 2, field active: says active, but Olive Officer has left on 31/01/2026: the import "
        "does not bring back someone who has left (an administrator can)"
    ]


@pytest.mark.django_db
def test_a_new_line_manager_in_the_file_is_given_the_waiting_steps_below(
    tmp_path, officer, line_manager, director
):
    other = OfficerFactory(
        organisation=director.organisation,
        user=UserFactory(username="dev.director", first_name="Dev", last_name="Director"),
        level="director",
    )
    _, (officers_step,) = open_for(officer, route=["director"])
    _, (managers_step,) = open_for(line_manager)
    rows = [cast_row(line_manager, line_manager_staff_number=other.staff_number)]

    output = run(write_csv(tmp_path, rows))

    assert output.strip() == "created 0, updated 1, unchanged 0; 2 waiting steps passed on"
    assert ApprovalStep.objects.get(pk=officers_step.pk).assignee == other
    assert ApprovalStep.objects.get(pk=managers_step.pk).assignee == other
    assert DeclarationEvent.objects.filter(action="step_moved").count() == 2


@pytest.mark.django_db
def test_a_dry_run_reports_leavers_and_changes_nothing(tmp_path, officer):
    before = snapshot()

    output = run(
        write_csv(tmp_path, [cast_row(officer, active="no")], columns=LEAVING_COLUMNS),
        "--dry-run",
    )

    assert output.strip() == ("created 0, updated 1, unchanged 0; 1 left (dry run: nothing saved)")
    assert snapshot() == before
    officer.refresh_from_db()
    assert officer.active is True


@pytest.mark.django_db
def test_an_empty_leaving_date_keeps_the_date_of_someone_who_has_left(tmp_path, officer):
    Officer.objects.filter(pk=officer.pk).update(active=False, left_on=datetime.date(2026, 1, 31))
    officer.refresh_from_db()

    output = run(write_csv(tmp_path, [cast_row(officer)], columns=LEAVING_COLUMNS))

    assert output.strip() == "created 0, updated 0, unchanged 1"
    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (False, datetime.date(2026, 1, 31))


@pytest.mark.django_db
def test_an_empty_leaving_date_clears_one_still_to_come(tmp_path, officer):
    later = timezone.localdate() + datetime.timedelta(days=30)
    Officer.objects.filter(pk=officer.pk).update(left_on=later)
    officer.refresh_from_db()

    output = run(write_csv(tmp_path, [cast_row(officer)], columns=LEAVING_COLUMNS))

    assert output.strip() == "created 0, updated 1, unchanged 0"
    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (True, None)


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["no", "N", "false", "0"])
def test_active_no_with_a_leaving_date_still_to_come_is_reported_on_active(tmp_path, officer, said):
    before = snapshot()
    later = timezone.localdate() + datetime.timedelta(days=30)
    rows = [cast_row(officer, leaving_date=later.isoformat(), active=said)]

    error, problems = run_failing(write_csv(tmp_path, rows, columns=LEAVING_COLUMNS))

    assert error.returncode == 2
    assert problems == [
        f"row 2, field active: '{said}', but the leaving date {later:%d/%m/%Y} is still to "
        "come: say yes (or leave it empty) until they leave, as they stop being active on "
        "it, or change the leaving date"
    ]
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["yes", "Y", "TRUE", "1", ""])
def test_active_yes_or_empty_with_a_leaving_date_still_to_come_is_accepted(tmp_path, officer, said):
    later = timezone.localdate() + datetime.timedelta(days=30)
    rows = [cast_row(officer, leaving_date=later.isoformat(), active=said)]

    output = run(write_csv(tmp_path, rows, columns=LEAVING_COLUMNS))

    assert output.strip() == "created 0, updated 1, unchanged 0"
    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (True, later)


@pytest.mark.django_db
def test_another_leaving_date_for_someone_who_has_left_changes_nothing(tmp_path, officer):
    Officer.objects.filter(pk=officer.pk).update(active=False, left_on=datetime.date(2026, 1, 31))
    officer.refresh_from_db()
    rows = [cast_row(officer, leaving_date="2026-03-31", active="no")]

    output = run(write_csv(tmp_path, rows, columns=LEAVING_COLUMNS))

    assert output.strip() == "created 0, updated 0, unchanged 1"
    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (False, datetime.date(2026, 1, 31))
