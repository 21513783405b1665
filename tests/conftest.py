"""The cast every view's tests use: an officer, their line manager, a director,
the monitoring officer (all at Thurrock) and a stranger from another employer."""

from __future__ import annotations

import os

import pytest

from tests.factories import OfficerFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On PostgreSQL, each pytest process its own test database (test_<name>[_gwN]_<pid>),
    so that two runs at once on one server (a developer's and CI's, or two suites) never
    drop each other's; pytest-django still creates and destroys it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        test = database.setdefault("TEST", {})
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_{os.getpid()}"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is slow by design; tests need it fast, not strong."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks (emails, exports) run as they are enqueued, with django-tasks' own
    immediate backend, so a test sees their effect at once. The tests of the worker itself
    use the database backend (`tasks_in_the_database`) and run `db_worker`."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


@pytest.fixture(autouse=True)
def exports_in_tmp_path(settings, tmp_path):
    """Export files go to the test's own folder, not the project's exports/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            **settings.STORAGES["exports"],
            "OPTIONS": {
                **settings.STORAGES["exports"]["OPTIONS"],
                "location": tmp_path / "exports",
            },
        },
    }


@pytest.fixture
def tasks_in_the_database(settings):
    """Tasks wait in the database until a worker (`manage.py db_worker`) runs them.

    On PostgreSQL a test that runs the worker needs `django_db(transaction=True)`: the
    worker's loop closes old connections, the test's open transaction with them."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.SCHEDULED_JOBS = False  # the worker's schedule only where a test turns it on


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`commit(action, *args)` runs the action and then its on-commit callbacks, as a
    commit would: emails are queued, and so sent, once the transaction commits."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def thurrock(db):
    return OrganisationFactory(code="thurrock")


@pytest.fixture
def director(thurrock):
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="dana.director", first_name="Dana", last_name="Director"),
        level="director",
        job_title="Director of Housing",
    )


@pytest.fixture
def line_manager(thurrock, director):
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="lee.manager", first_name="Lee", last_name="Manager"),
        level="manager",
        job_title="Housing Manager",
        line_manager=director,
    )


@pytest.fixture
def officer(thurrock, line_manager):
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="olive.officer", first_name="Olive", last_name="Officer"),
        level="staff",
        job_title="Housing Officer",
        line_manager=line_manager,
    )


@pytest.fixture
def monitoring_officer(thurrock):
    mo = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="mona.monitoring", first_name="Mona", last_name="Monitoring"),
        level="assistant_director",
        job_title="Monitoring Officer",
        department="Legal",
    )
    RoleAssignmentFactory(officer=mo, organisation=thurrock, role="monitoring_officer")
    return mo


@pytest.fixture
def stranger(db):
    return OfficerFactory(
        organisation=OrganisationFactory(code="ecc"),
        user=UserFactory(username="sam.stranger", first_name="Sam", last_name="Stranger"),
        job_title="Social Worker",
    )
