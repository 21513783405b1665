"""manage.py refresh_dashboards: every organisation's figures worked out now (cron's way)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from declarations.models import DashboardSnapshot
from tests.factories import OfficerFactory, OrganisationFactory, entry

pytestmark = pytest.mark.django_db


def test_it_works_out_every_organisations_figures():
    thurrock, opcc = OrganisationFactory(code="thurrock"), OrganisationFactory(code="opcc")
    entry(OfficerFactory(organisation=thurrock))
    out = io.StringIO()

    call_command("refresh_dashboards", stdout=out)

    assert set(DashboardSnapshot.objects.values_list("organisation__code", flat=True)) == {
        thurrock.code,
        opcc.code,
    }
    figures = DashboardSnapshot.objects.get(organisation=thurrock).figures
    assert figures and figures != DashboardSnapshot.objects.get(organisation=opcc).figures
    assert "thurrock: figures as of" in out.getvalue()


def test_it_works_out_only_the_organisations_named():
    thurrock = OrganisationFactory(code="thurrock")
    OrganisationFactory(code="opcc")

    call_command("refresh_dashboards", "thurrock", stdout=io.StringIO())

    assert list(DashboardSnapshot.objects.values_list("organisation", flat=True)) == [thurrock.pk]


def test_it_refuses_a_code_it_does_not_know():
    OrganisationFactory(code="thurrock")

    with pytest.raises(CommandError, match="No organisation with the code nowhere"):
        call_command("refresh_dashboards", "nowhere", stdout=io.StringIO())

    assert not DashboardSnapshot.objects.exists()
