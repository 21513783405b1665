"""factory-boy factories for the register's models."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from declarations import models

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
    counterparty = "Acme Supplies Ltd"
    description = "A bottle of wine"
    date = datetime.date(2026, 11, 2)
    declared_on = datetime.date(2026, 11, 3)


class GiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GiftHospitality

    declaration = factory.SubFactory(DeclarationFactory, type="gift")
    value_gbp = Decimal("20.00")
    donor_category = "supplier"


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


class ApprovalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ApprovalStep

    declaration = factory.SubFactory(DeclarationFactory)
    order = 1
    role = "line_manager"
    assignee = factory.SubFactory(OfficerFactory)
