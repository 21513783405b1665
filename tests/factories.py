"""factory-boy factories for the register's models, and the builders the tests share:
an entry in the register (`entry`, `bulk_entries`), a submitted declaration with its verdict
set by hand (`make_declaration`, `open_for`), a named person (`person`) and the county
council's approval cast (`make_county_cast`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model

from declarations import models, submission
from declarations.approvals import routing
from declarations.choices import Status

ORGANISATIONS = {
    "essex-probation": ("Essex Probation", "EP"),
    "county-council": ("The county council", "CC"),
    "opcc": ("Office of the Police and Crime Commissioner for Essex", "OPCC"),
    "thurrock": ("Thurrock Council", "THU"),
    "ecc": ("Essex County Council", "ECC"),
}


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        django_get_or_create = ("code",)

    code = "thurrock"
    name = factory.LazyAttribute(lambda o: ORGANISATIONS[o.code][0])
    reference_prefix = factory.LazyAttribute(lambda o: ORGANISATIONS[o.code][1])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Officer

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    job_title = "Officer"
    department = "Housing"
    level = "staff"
    contracted_hours_per_week = Decimal("37")
    appointed_on = datetime.date(2020, 4, 1)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoleAssignment

    officer = factory.SubFactory(OfficerFactory)
    organisation = factory.SelfAttribute("officer.organisation")
    role = "monitoring_officer"
    valid_from = datetime.date(2020, 1, 1)


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Declaration

    officer = factory.SubFactory(OfficerFactory)
    organisation = factory.SelfAttribute("officer.organisation")
    type = "gift"
    status = Status.DRAFT
    counterparty = "Acme Supplies Ltd"
    description = "A bottle of wine"
    date = datetime.date(2026, 11, 2)
    declared_on = datetime.date(2026, 11, 3)
    verdict = None
    # What submission records (submission.record): a draft has none of it.
    reference = factory.LazyAttribute(
        lambda o: (
            ""
            if o.status == Status.DRAFT
            else models.issue_reference(o.organisation, o.declared_on.year)
        )
    )
    submitted_at = factory.LazyAttribute(
        lambda o: (
            None
            if o.status == Status.DRAFT
            else datetime.datetime.combine(o.declared_on, datetime.time(9), tzinfo=datetime.UTC)
        )
    )
    officer_level = factory.LazyAttribute(
        lambda o: "" if o.status == Status.DRAFT else o.officer.level
    )
    host_organisation = factory.LazyAttribute(
        lambda o: None if o.status == Status.DRAFT else o.officer.seconded_to
    )
    register_keeper = factory.LazyAttribute(
        lambda o: "" if o.status == Status.DRAFT else (o.verdict or {}).get("register_keeper") or ""
    )

    @factory.post_generation
    def register_columns(declaration, create, extracted, **kwargs):
        """What submission copies into the register's columns, from the verdict (the
        gift's value follows when GiftFactory makes the gift)."""
        if declaration.status != Status.DRAFT:
            submission.record_register_columns(declaration, declaration.verdict or {})
            if create:
                declaration.save(update_fields=list(submission.REGISTER_COLUMNS))


class GiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GiftHospitality

    declaration = factory.SubFactory(DeclarationFactory, type="gift")
    value_gbp = Decimal("20.00")
    donor_category = "supplier"

    @factory.post_generation
    def register_value(gift, create, extracted, **kwargs):
        """A declared entry carries its gift's value in the register's column, as
        submission writes it."""
        declaration = gift.declaration
        if create and declaration.status != Status.DRAFT:
            declaration.value_gbp = gift.value_gbp
            declaration.save(update_fields=["value_gbp"])


class HospitalityFactory(GiftFactory):
    declaration = factory.SubFactory(DeclarationFactory, type="hospitality")
    hospitality_kind = "working_meal"


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interest

    declaration = factory.SubFactory(DeclarationFactory, type="interest")
    interest_kind = "financial"


class OutsideWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OutsideWork

    declaration = factory.SubFactory(DeclarationFactory, type="outside_work")
    work_kind = "employment"
    hours_per_week = Decimal("8")


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Relationship

    declaration = factory.SubFactory(DeclarationFactory, type="relationship")
    with_whom = "contractor"
    nature = "family"


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Disclosure

    declaration = factory.SubFactory(
        DeclarationFactory,
        type="disclosure",
        counterparty="",
        description="Charged with careless driving",
    )
    disclosure_kind = "criminal_charge"


class ApprovalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ApprovalStep

    declaration = factory.SubFactory(DeclarationFactory)
    order = 1
    role = "line_manager"
    assignee = factory.SubFactory(OfficerFactory)


class SecurityEventFactory(factory.django.DjangoModelFactory):
    """A row of the security log as record() would write it (the time can be set)."""

    class Meta:
        model = models.SecurityEvent

    kind = "sign_in"
    username = "olive.officer"
    organisation = factory.SubFactory(OrganisationFactory)
    ip_address = "192.0.2.10"
    path = "/sign-in/"


# --- entries in the register --------------------------------------------------------------

# The verdict an entry in the register carries unless a test says otherwise.
ENTRY_VERDICT: dict[str, Any] = {
    "outcome": "declare",
    "route": ["line_manager", "director"],
    "register_keeper": "director",
    "deadline": None,
    "late": False,
    "written": True,
    "citations": ["thurrock:14.3"],
    "flags": [],
    "reasons": [],
    "codes_applied": ["thurrock"],
}


def entry(
    officer: models.Officer,
    *,
    type: str = "gift",
    status: str = "recorded",
    value: str | Decimal | None = "20.00",
    verdict: dict[str, Any] | None = None,
    **fields: Any,
) -> models.Declaration:
    """A declaration in the register (recorded unless told), with a gift's value."""
    declaration = DeclarationFactory(
        officer=officer,
        type=type,
        status=status,
        verdict={**ENTRY_VERDICT, **(verdict or {})},
        **fields,
    )
    if type in ("gift", "hospitality") and value is not None:
        GiftFactory(declaration=declaration, value_gbp=Decimal(value))
    return declaration


def bulk_entries(
    officer: models.Officer, count: int, prefix: str = "BULK"
) -> list[models.Declaration]:
    """Many entries quickly (no per-row reference issuing)."""
    unsaved = [
        models.Declaration(
            officer=officer,
            organisation=officer.organisation,
            type="gift",
            status="recorded",
            reference=f"{prefix}-{number:06d}",
            counterparty=f"Donor {number}",
            description="Bulk",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 365),
            declared_on=datetime.date(2026, 12, 31),
            verdict=ENTRY_VERDICT,
            outcome=ENTRY_VERDICT["outcome"],
            value_gbp=Decimal(number) / 4,
            officer_name=submission.officer_sort_name(officer),
        )
        for number in range(count)
    ]
    for declaration in unsaved:
        declaration.search_text = submission.search_text_of(declaration)
    declarations = models.Declaration.objects.bulk_create(unsaved)
    models.GiftHospitality.objects.bulk_create(
        models.GiftHospitality(declaration=d, value_gbp=d.value_gbp) for d in declarations
    )
    return declarations


# --- submitted declarations and their routes -----------------------------------------------

STATUS_FOR_OUTCOME = {
    "approval_required": Status.AWAITING_APPROVAL,
    "declare": Status.AWAITING_ACKNOWLEDGEMENT,
    "prohibited": Status.AWAITING_ACKNOWLEDGEMENT,
    "no_action": Status.RECORDED,
}
DETAIL_FACTORIES = {
    "gift": GiftFactory,
    "hospitality": HospitalityFactory,
    "interest": InterestFactory,
    "outside_work": OutsideWorkFactory,
    "relationship": RelationshipFactory,
    "disclosure": DisclosureFactory,
}


def declare(officer, type_: str = "gift", status: str = "recorded", detail=None, **fields):
    """A declaration of `type_` by `officer` in `status`, with its detail row (`detail`
    sets the detail's fields, the rest the declaration's)."""
    made = DETAIL_FACTORIES[type_](
        declaration__officer=officer,
        declaration__organisation=officer.organisation,
        declaration__type=type_,
        declaration__status=status,
        **{f"declaration__{k}": v for k, v in fields.items()},
        **(detail or {}),
    )
    return made.declaration


def make_verdict(outcome: str = "approval_required", route=("line_manager",), **extra) -> dict:
    """A verdict written by hand: the outcome and route a test needs, the rest plain."""
    verdict: dict[str, Any] = {
        "outcome": outcome,
        "route": list(route),
        "register_keeper": None,
        "deadline": None,
        "late": False,
        "written": False,
        "citations": ["thurrock:14.3"],
        "flags": [],
        "reasons": ["Because the code says so."],
        "codes_applied": ["thurrock"],
    }
    verdict.update(extra)
    return verdict


def make_declaration(
    officer: models.Officer,
    *,
    outcome: str = "approval_required",
    route=("line_manager",),
    type: str = "gift",
    status: str | None = None,
    counterparty: str = "Acme Supplies Ltd",
    value: str = "20.00",
    verdict: dict | None = None,
    detail: dict | None = None,
    **fields,
) -> models.Declaration:
    """A submitted declaration with its verdict set by hand, as submit() would leave it."""
    declaration = DeclarationFactory(
        officer=officer,
        type=type,
        counterparty=counterparty,
        status=status or STATUS_FOR_OUTCOME[outcome],
        verdict=verdict or make_verdict(outcome, route),
        **fields,
    )
    extra = dict(detail or {})
    if type == "gift":
        extra.setdefault("value_gbp", Decimal(value))
    DETAIL_FACTORIES[type](declaration=declaration, **extra)
    return declaration


def open_for(
    officer: models.Officer, outcome: str = "approval_required", route=("line_manager",), **kwargs
) -> tuple[models.Declaration, list[models.ApprovalStep]]:
    """A declaration made by `make_declaration` with its route opened: (declaration, steps)."""
    declaration = make_declaration(officer, outcome=outcome, route=route, **kwargs)
    steps = routing.open_route(declaration, declaration.verdict, actor=officer.user)
    return declaration, steps


# --- people ---------------------------------------------------------------------------------


def person(
    organisation: models.Organisation, username: str, level: str = "staff", line_manager=None
) -> models.Officer:
    """An officer named by their username ("first.last")."""
    first, last = username.split(".")
    return OfficerFactory(
        organisation=organisation,
        user=UserFactory(username=username, first_name=first.title(), last_name=last.title()),
        level=level,
        line_manager=line_manager,
    )


@dataclass(frozen=True)
class Cast:
    """The county council people an approval needs."""

    officer: models.Officer  # spinal column point 30
    line_manager: models.Officer
    director: models.Officer  # the officer's chief officer
    colleague: models.Officer  # works for the same manager; on nobody's route
    monitoring_officer: models.Officer


def make_county_cast() -> Cast:
    """A county council officer on spinal column point 30, whose outside work needs their
    line manager's and then their chief officer's approval (CC-W2), with a colleague, the
    chief officer (a director) and the monitoring officer."""
    county = OrganisationFactory(code="county-council")

    def member(username: str, first: str, last: str, **fields: object) -> models.Officer:
        user = UserFactory(username=username, first_name=first, last_name=last)
        return OfficerFactory(organisation=county, user=user, **fields)

    director = member(
        "dev.director", "Dev", "Director", level="director", job_title="Director of Highways"
    )
    RoleAssignmentFactory(officer=director, organisation=county, role="chief_officer")
    line_manager = member(
        "lena.manager",
        "Lena",
        "Manager",
        level="manager",
        job_title="Highways Manager",
        line_manager=director,
    )
    monitoring_officer = member(
        "mo.monitor",
        "Mo",
        "Monitor",
        level="assistant_director",
        job_title="Monitoring Officer",
        department="Legal",
    )
    RoleAssignmentFactory(officer=monitoring_officer, organisation=county)
    officer = member(
        "owen.outside",
        "Owen",
        "Outside",
        job_title="Highways Engineer",
        spinal_column_point=30,
        line_manager=line_manager,
    )
    colleague = member(
        "cleo.colleague",
        "Cleo",
        "Colleague",
        job_title="Highways Inspector",
        line_manager=line_manager,
    )
    return Cast(officer, line_manager, director, colleague, monitoring_officer)


# --- the rest of what the register holds about an officer (subject access) ----------------


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Delegation

    delegator = factory.SubFactory(OfficerFactory)
    delegate = factory.SubFactory(OfficerFactory)
    starts_on = datetime.date(2026, 8, 1)
    ends_on = datetime.date(2026, 8, 14)
    reason = "Annual leave"


class AnnualDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AnnualDeclaration

    officer = factory.SubFactory(OfficerFactory)
    year = 2026
    kind = models.AnnualDeclarationKind.NOTHING_TO_DECLARE


class InterestReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InterestReview

    declaration = factory.SubFactory(DeclarationFactory, type="interest", status="recorded")
    reviewed_by = factory.SubFactory(OfficerFactory)
    reviewed_on = datetime.date(2026, 11, 20)


class SignInIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SignInIdentity

    officer = factory.SubFactory(OfficerFactory)
    issuer = "https://login.example.org"
    subject = factory.Sequence(lambda n: f"subject-{n}")


class SignedInSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SignedInSession

    user = factory.SubFactory(UserFactory)
    session_key = factory.Sequence(lambda n: f"session{n:032d}")
    method = "password"
    ip_address = "192.0.2.20"
    user_agent = "Firefox on Linux"


class SubjectAccessCopyFactory(factory.django.DjangoModelFactory):
    """A subject-access copy's row as asking leaves it (queued unless told)."""

    class Meta:
        model = models.SubjectAccessCopy

    officer = factory.SubFactory(OfficerFactory)
    requested_by = factory.SelfAttribute("officer.user")
    filename = "subject-access-thurrock-s00001-2026-11-30.zip"


# --- the retention schedule ---------------------------------------------------------------


class DeclarationEventFactory(factory.django.DjangoModelFactory):
    """A row of an entry's history; `at` as a test needs it (the day it moved)."""

    class Meta:
        model = models.DeclarationEvent

    declaration = factory.SubFactory(DeclarationFactory)
    action = "record"
    from_status = "submitted"
    to_status = "recorded"
    at = datetime.datetime(2026, 11, 3, 12, tzinfo=datetime.UTC)


class PublicationWithholdingFactory(factory.django.DjangoModelFactory):
    """An officer's request to leave an entry out of the published register."""

    class Meta:
        model = models.PublicationWithholding

    declaration = factory.SubFactory(DeclarationFactory, status="recorded")
    organisation = factory.SelfAttribute("declaration.organisation")
    reference = factory.SelfAttribute("declaration.reference")
    asked_by = factory.SelfAttribute("declaration.officer")
    reason = "For my safety"


class RetentionPeriodFactory(factory.django.DjangoModelFactory):
    """An organisation's retention period for one type, changed from the default."""

    class Meta:
        model = models.RetentionPeriod

    organisation = factory.SubFactory(OrganisationFactory)
    type = "gift"
    years = 2
