"""Loading the demo goes through the real services, which email the people concerned;
the demo's people are fictional, so nothing is sent: the emails are written to files,
one line says where, and the demo sign-ins come last."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from declarations.models import ApprovalStep
from demo import loader


@pytest.mark.django_db(transaction=True)  # emails go out when the transaction commits
def test_seeding_the_demo_sends_no_email(mailoutbox, tmp_path):
    call_command(
        "seed_demo",
        "--quiet",
        "--force",
        f"--emails-to={tmp_path}",
        stdout=StringIO(),
        stderr=StringIO(),
    )

    assert ApprovalStep.objects.exists()  # routes were opened, which would have emailed
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_first_run_prints_where_the_emails_went_and_ends_with_the_sign_ins(tmp_path):
    out, err = StringIO(), StringIO()

    call_command("seed_demo", "--force", f"--emails-to={tmp_path}", stdout=out, stderr=err)

    lines = out.getvalue().rstrip("\n").splitlines()
    emails = list(tmp_path.iterdir())
    assert emails  # the routes opened would have emailed their approvers
    assert "Subject: " in emails[0].read_text()
    assert err.getvalue() == ""
    # A summary, one line about the emails, then the sign-ins and nothing after them.
    assert len(lines) < 50, out.getvalue()
    assert lines[0].startswith("Demo data ready (5 organisations")
    assert lines[1] == (
        f"{len(emails)} emails to the demo's people were written to {tmp_path}/, not sent."
    )
    assert "Subject:" not in out.getvalue()
    table = lines.index(next(line for line in lines if line.startswith("Username")))
    usernames = [line.split()[0] for line in lines[table + 2 : -2]]
    assert usernames[0] == loader.ADMIN_USERNAME
    assert {"thu.officer", "thu.manager", "cc.mo", "ecc.officer"} <= set(usernames)
    assert lines[-2] == ""
    assert lines[-1].startswith(f"Every demo account, {loader.ADMIN_USERNAME!r} included")
    assert loader.DEMO_PASSWORD in lines[-1]


@pytest.mark.django_db(transaction=True)
def test_a_second_run_sends_nothing_and_says_nothing_of_emails(tmp_path):
    call_command("seed_demo", "--quiet", "--force", f"--emails-to={tmp_path}", stdout=StringIO())
    first = set(tmp_path.iterdir())
    out = StringIO()

    call_command("seed_demo", "--force", f"--emails-to={tmp_path}", stdout=out, stderr=StringIO())

    assert set(tmp_path.iterdir()) == first
    assert out.getvalue().startswith("Demo data ready (nothing new).\n\nSign in as")
    assert "emails" not in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_demo_writes_its_emails_at_once_even_with_a_task_queue(tasks_in_the_database, tmp_path):
    call_command("seed_demo", "--quiet", "--force", f"--emails-to={tmp_path}", stdout=StringIO())

    assert list(tmp_path.iterdir())  # written while seeding, not left for a worker
    assert not DBTaskResult.objects.exists()
