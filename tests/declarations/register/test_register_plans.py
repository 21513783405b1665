"""On PostgreSQL, a register page's rows come along an index in the sort's order: each
sort's (organisation, key, id) index, and the outcome, late, type and status filters' own, with no
Sort of the register. (Tiny tables make the planner prefer reading everything, so
sequential and bitmap scans are switched off for the check: what is left is whether
an index gives the rows in order.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from declarations.models import Declaration
from declarations.register import queries as reg
from tests.factories import OfficerFactory, OrganisationFactory, bulk_entries

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


@pytest.fixture
def three_registers(thurrock, officer):
    for organisation in (
        thurrock,
        OrganisationFactory(code="ecc"),
        OrganisationFactory(code="opcc"),
    ):
        author = officer if organisation == thurrock else OfficerFactory(organisation=organisation)
        bulk_entries(author, 1500, prefix=organisation.reference_prefix)
    every_seventh = list(Declaration.objects.order_by("pk").values_list("pk", flat=True))[::7]
    Declaration.objects.filter(pk__in=every_seventh).update(
        late=True, outcome="prohibited", type="hospitality", status="approved"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE declarations_declaration")
    return thurrock


def own_plan(organisation, params: dict[str, Any], base=None) -> str:
    if base is None:
        base = Declaration.objects.in_register(organisation)
    listing = reg.listing(base, organisation, params)
    own, _ = reg.parts(listing.declarations, organisation)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # On a test's small tables the planner may rightly join first and sort the few
        # rows after: with sorting priced out, the plan shows whether the index can give
        # the page in order at all, which is what a council's register needs.
        cursor.execute("SET LOCAL enable_sort = off")
        return own.order_by(*reg._ordering(listing.sort))[: reg.PAGE_SIZE + 1].explain()


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "declaration_org_date_idx"),
        ({"sort": "date"}, "declaration_org_date_idx"),
        ({"sort": "reference"}, "declaration_org_ref_idx"),
        ({"sort": "-reference"}, "declaration_org_ref_idx"),
        ({"sort": "officer"}, "declaration_org_officer_idx"),
        ({"sort": "-officer"}, "declaration_org_officer_idx"),
        ({"sort": "value"}, "declaration_org_value_idx"),
        ({"sort": "-value"}, "declaration_org_value_idx"),
        ({"outcome": "prohibited"}, "declaration_outcome_idx"),
        ({"late": "true"}, "declaration_late_idx"),
        ({"type": "hospitality"}, "declaration_type_date_idx"),
        ({"status": "approved"}, "declaration_status_date_idx"),
    ],
)
def test_each_sort_and_filter_reads_its_index_in_order(three_registers, params, index):
    plan = own_plan(three_registers, params)
    assert f"using {index} on declarations_declaration" in plan, plan
    assert "Sort" not in plan, plan


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "declaration_org_date_idx"),
        ({"sort": "reference"}, "declaration_org_ref_idx"),
        ({"sort": "-value"}, "declaration_org_value_idx"),
        ({"late": "true"}, "declaration_late_idx"),
        ({"type": "hospitality"}, "declaration_type_date_idx"),
    ],
)
def test_leaving_out_the_sensitive_types_still_reads_the_index_in_order(
    three_registers, params, index
):
    """A register that is not the monitoring officer's (a system administrator's, a named
    register's) leaves out the sensitive types: a condition on rows the index walks, not
    another plan."""
    base = Declaration.objects.in_register(three_registers).without_sensitive()
    plan = own_plan(three_registers, params, base)
    assert f"using {index} on declarations_declaration" in plan, plan
    assert "Sort" not in plan, plan
    assert "Seq Scan" not in plan, plan
