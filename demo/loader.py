"""Demonstration data: five employers, their staff and roles, and declarations in every state.

`seed()` is what `python manage.py seed_demo` runs. It is idempotent: people are keyed
on their username, organisations on their code, role assignments on (organisation,
role, officer) and declarations on (officer, type, counterparty), so a second run
creates nothing new. Every declaration except the drafts goes through the real
submission service and the real workflow, so each status change has its events.

The demo password lives here and nowhere else: every demo account shares it, and each
run sets it again (and the other seeded fields), so the printed logins always work.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from policies import vocabulary as v

from .choices import OrganisationRole, StepState
from .decisions import DecisionError, decide
from .models import (
    DETAIL_MODELS,
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    GiftHospitality,
    Interest,
    Officer,
    Organisation,
    OutsideWork,
    Relationship,
    RoleAssignment,
)
from .routing import RouteError, confirm_declined, outcome_of
from .submission import submit
from .workflow import IllegalTransition, record_event, transition

DEMO_PASSWORD = "demo-password-2026"
ADMIN_USERNAME = "admin"
ROLES_FROM = datetime.date(2024, 4, 1)
EMAIL_DOMAIN = "demo.example"  # .example is reserved: no mail can reach a real person

Role = OrganisationRole
L = v.Level


# --- organisations -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    code: str
    name: str
    prefix: str
    short_name: str  # for the printed list of logins


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation("essex-probation", "Essex Probation", "EP", "Essex Probation"),
    DemoOrganisation("county-council", "The county council", "CC", "County council"),
    DemoOrganisation(
        "opcc", "Office of the Police and Crime Commissioner for Essex", "OPCC", "OPCC"
    ),
    DemoOrganisation("thurrock", "Thurrock Council", "THU", "Thurrock"),
    DemoOrganisation("ecc", "Essex County Council", "ECC", "ECC"),
)
SHORT_NAMES: dict[str, str] = {org.code: org.short_name for org in ORGANISATIONS}


# --- people --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """One demo officer; `manager` is the username of their line manager."""

    username: str
    staff_number: str
    first_name: str
    last_name: str
    job_title: str
    department: str
    level: v.Level
    manager: str | None = None
    roles: tuple[str, ...] = ()
    spinal_column_point: int | None = None
    hours: Decimal = Decimal("37")
    politically_restricted: bool = False
    procurement: bool = False
    board_member: bool = False
    seconded_to: str | None = None
    appointed_on: datetime.date = datetime.date(2019, 9, 2)
    login: str = ""  # shown in the printed list of demo logins when set


# fmt: off
def _people() -> dict[str, tuple[Person, ...]]:
    """The staff of each employer, senior first, so a line manager exists before a report."""
    P = Person
    return {
        "essex-probation": (
            P("ep.ce", "EP1001", "Margaret", "Holloway", "Chief Executive", "Executive Office",
              L.CHIEF_EXECUTIVE, roles=(Role.CHIEF_EXECUTIVE,), login="chief executive"),
            P("ep.director", "EP1002", "Daniel", "Okafor", "Director of Probation Delivery",
              "Probation Delivery", L.DIRECTOR, "ep.ce", (Role.CHIEF_OFFICER,), login="director"),
            P("ep.director2", "EP1003", "Fiona", "Blackwood", "Director of Corporate Services",
              "Corporate Services", L.DIRECTOR, "ep.ce", (Role.CHIEF_OFFICER,)),
            P("ep.mo", "EP1004", "Rachel", "Pemberton", "Head of Legal and Governance",
              "Legal and Governance", L.ASSISTANT_DIRECTOR, "ep.director2",
              (Role.MONITORING_OFFICER,), login="monitoring officer"),
            P("ep.ad", "EP1005", "Simon", "Hartley",
              "Assistant Director, Probation Delivery (North Essex)", "Probation Delivery",
              L.ASSISTANT_DIRECTOR, "ep.director"),
            P("ep.head", "EP1006", "Aisha", "Rahman",
              "Head of Service, Colchester Probation Delivery Unit", "Probation Delivery",
              L.HEAD_OF_SERVICE, "ep.ad"),
            P("ep.manager", "EP1007", "Gareth", "Llewellyn", "Senior Probation Officer",
              "Probation Delivery", L.MANAGER, "ep.head", login="line manager of ep.officer"),
            P("ep.officer", "EP1008", "Chloe", "Whitmore", "Probation Officer",
              "Probation Delivery", L.STAFF, "ep.manager", login="officer"),
            P("ep.officer2", "EP1009", "Jamal", "Edwards", "Probation Services Officer",
              "Probation Delivery", L.STAFF, "ep.manager", hours=Decimal("22.5")),
            P("ep.apm", "EP1010", "Bernadette", "Quinn", "Approved Premises Manager",
              "Approved Premises", L.MANAGER, "ep.ad"),
            P("ep.hr", "EP1011", "Owen", "Prichard", "Head of People", "Corporate Services",
              L.HEAD_OF_SERVICE, "ep.director2", (Role.HR,)),
            P("ep.legal", "EP1012", "Harriet", "Cole", "Senior Solicitor",
              "Legal and Governance", L.MANAGER, "ep.mo", (Role.LEGAL_ADVISER,)),
            P("ep.boardsec", "EP1013", "Imogen", "Fairbairn", "Secretary to the Board",
              "Legal and Governance", L.MANAGER, "ep.mo", (Role.BOARD_SECRETARY,),
              login="board secretary"),
            P("ep.procurement", "EP1014", "Kieran", "Doyle", "Procurement and Contracts Officer",
              "Corporate Services", L.STAFF, "ep.director2", procurement=True),
            # A non-executive board member: not an employee, so nobody's line report.
            P("ep.board", "EP1015", "Colin", "Fairweather", "Non-executive Board Member",
              "Board", L.STAFF, board_member=True, login="board member"),
        ),
        "county-council": (
            P("cc.ce", "CC2001", "Jonathan", "Whitlock", "Chief Executive",
              "Chief Executive's Office", L.CHIEF_EXECUTIVE, roles=(Role.CHIEF_EXECUTIVE,),
              login="chief executive"),
            P("cc.director", "CC2002", "Helen", "Marchbank", "Director of Adult Social Care",
              "Adult Social Care", L.DIRECTOR, "cc.ce", (Role.CHIEF_OFFICER,)),
            P("cc.director2", "CC2003", "Richard", "Pryce",
              "Director of Environment, Highways and Planning", "Highways", L.DIRECTOR,
              "cc.ce", (Role.CHIEF_OFFICER,), login="director"),
            P("cc.mo", "CC2004", "Catherine", "Ellwood",
              "Assistant Director for Legal and Governance (Monitoring Officer)",
              "Legal and Governance", L.ASSISTANT_DIRECTOR, "cc.ce",
              (Role.MONITORING_OFFICER,), politically_restricted=True,
              login="monitoring officer"),
            P("cc.ad", "CC2005", "Martin", "Fenwick", "Assistant Director, Highways and Planning",
              "Highways", L.ASSISTANT_DIRECTOR, "cc.director2"),
            P("cc.head", "CC2006", "Sophie", "Lambert", "Head of Highways Maintenance",
              "Highways", L.HEAD_OF_SERVICE, "cc.ad", spinal_column_point=49),
            P("cc.manager", "CC2007", "Paul", "Tranter", "Highways Area Manager", "Highways",
              L.MANAGER, "cc.head", spinal_column_point=38, login="line manager of cc.officer"),
            P("cc.officer", "CC2008", "Emma", "Rowntree", "Highways Inspector", "Highways",
              L.STAFF, "cc.manager", spinal_column_point=28, login="officer, point 28"),
            P("cc.engineer", "CC2009", "Tom", "Ashworth", "Senior Highways Engineer",
              "Highways", L.STAFF, "cc.manager", spinal_column_point=31,
              login="officer, point 31 (CC-W2)"),
            P("cc.planner", "CC2010", "Nadia", "Osei",
              "Senior Planning Officer (Minerals and Waste)", "Planning", L.STAFF, "cc.ad",
              spinal_column_point=29, hours=Decimal("22.5")),
            P("cc.hr", "CC2011", "Ian", "Cartwright", "Head of HR", "Human Resources",
              L.HEAD_OF_SERVICE, "cc.ce", (Role.HR,), spinal_column_point=47),
            P("cc.legal", "CC2012", "Priya", "Mistry", "Principal Solicitor",
              "Legal and Governance", L.MANAGER, "cc.mo", (Role.LEGAL_ADVISER,),
              spinal_column_point=42, politically_restricted=True),
            P("cc.procurement", "CC2013", "Lewis", "Pennington", "Procurement Officer",
              "Procurement", L.STAFF, "cc.ad", spinal_column_point=26, procurement=True,
              login="procurement officer"),
        ),
        "opcc": (
            P("opcc.ce", "OPCC3001", "Graham", "Pollard", "Chief Executive", "Executive Office",
              L.CHIEF_EXECUTIVE, roles=(Role.CHIEF_EXECUTIVE,), login="chief executive"),
            P("opcc.director", "OPCC3002", "Joanne", "Marsh",
              "Director of Commissioning and Partnerships", "Commissioning", L.DIRECTOR,
              "opcc.ce", (Role.CHIEF_OFFICER,), login="director"),
            P("opcc.cfo", "OPCC3003", "Alan", "Brightwell", "Chief Finance Officer", "Finance",
              L.DIRECTOR, "opcc.ce", (Role.CHIEF_OFFICER,)),
            P("opcc.mo", "OPCC3004", "Deborah", "Kingsley",
              "Head of Governance and Monitoring Officer", "Governance", L.ASSISTANT_DIRECTOR,
              "opcc.ce", (Role.MONITORING_OFFICER,), politically_restricted=True,
              login="monitoring officer"),
            P("opcc.ad", "OPCC3005", "Ravi", "Chandran", "Assistant Director, Commissioning",
              "Commissioning", L.ASSISTANT_DIRECTOR, "opcc.director"),
            P("opcc.head", "OPCC3006", "Louise", "Ferris", "Head of Victims' Services",
              "Commissioning", L.HEAD_OF_SERVICE, "opcc.ad"),
            P("opcc.manager", "OPCC3007", "Stuart", "Gillespie", "Commissioning Manager",
              "Commissioning", L.MANAGER, "opcc.head", login="line manager of opcc.officer"),
            P("opcc.officer", "OPCC3008", "Hannah", "Bellamy", "Commissioning Officer",
              "Commissioning", L.STAFF, "opcc.manager", login="officer"),
            P("opcc.seconded", "OPCC3009", "Marcus", "Adeyemi",
              "Partnerships Officer (Reducing Reoffending)", "Commissioning", L.STAFF,
              "opcc.manager", seconded_to="essex-probation",
              login="seconded to Essex Probation"),
            P("opcc.finance", "OPCC3010", "Janet", "Sutcliffe", "Finance Officer", "Finance",
              L.STAFF, "opcc.cfo", hours=Decimal("18.5")),
            P("opcc.hr", "OPCC3011", "Karen", "Whitfield", "HR and Business Support Manager",
              "Governance", L.MANAGER, "opcc.mo", (Role.HR,)),
            P("opcc.legal", "OPCC3012", "Edward", "Lyle", "Solicitor (Governance)",
              "Governance", L.MANAGER, "opcc.mo", (Role.LEGAL_ADVISER,)),
            P("opcc.procurement", "OPCC3013", "Zoe", "Harcourt",
              "Contracts and Procurement Officer", "Finance", L.STAFF, "opcc.cfo",
              procurement=True),
        ),
        "thurrock": (
            P("thu.ce", "THU4001", "Alison", "Greenhalgh", "Chief Executive",
              "Chief Executive's Office", L.CHIEF_EXECUTIVE, roles=(Role.CHIEF_EXECUTIVE,),
              login="chief executive"),
            P("thu.director", "THU4002", "Michael", "Oduya",
              "Corporate Director of Adults, Housing and Health", "Housing", L.DIRECTOR,
              "thu.ce", (Role.CHIEF_OFFICER,), login="director"),
            P("thu.director2", "THU4003", "Sarah", "Kendrick",
              "Corporate Director of Resources and Place Delivery", "Procurement",
              L.DIRECTOR, "thu.ce", (Role.CHIEF_OFFICER,)),
            P("thu.mo", "THU4004", "Victoria", "Ainsworth",
              "Assistant Director, Law and Governance (Monitoring Officer)",
              "Legal and Governance", L.ASSISTANT_DIRECTOR, "thu.ce",
              (Role.MONITORING_OFFICER,), politically_restricted=True,
              login="monitoring officer"),
            P("thu.ad", "THU4005", "Neil", "Gorringe", "Assistant Director, Housing", "Housing",
              L.ASSISTANT_DIRECTOR, "thu.director"),
            P("thu.head", "THU4006", "Joanna", "Pike", "Head of Housing Solutions", "Housing",
              L.HEAD_OF_SERVICE, "thu.ad"),
            P("thu.manager", "THU4007", "Darren", "Frost", "Housing Solutions Manager",
              "Housing", L.MANAGER, "thu.head", login="line manager of thu.officer"),
            P("thu.officer", "THU4008", "Olivia", "Hendry", "Housing Officer", "Housing",
              L.STAFF, "thu.manager", login="officer"),
            P("thu.officer2", "THU4009", "Ryan", "Mercer", "Tenancy Sustainment Officer",
              "Housing", L.STAFF, "thu.manager", hours=Decimal("30")),
            P("thu.seconded", "THU4010", "Grace", "Achebe",
              "Senior Social Worker (Hospital Discharge)", "Adult Social Care", L.STAFF,
              "thu.director", seconded_to="ecc", login="seconded to ECC"),
            P("thu.hr", "THU4011", "Philip", "Barnard", "Strategic Lead, HR",
              "HR and Organisational Development", L.HEAD_OF_SERVICE, "thu.director2",
              (Role.HR,)),
            P("thu.legal", "THU4012", "Amanda", "Reeve", "Principal Lawyer",
              "Legal and Governance", L.MANAGER, "thu.mo", (Role.LEGAL_ADVISER,)),
            P("thu.procurement", "THU4013", "Craig", "Loveday", "Procurement Officer",
              "Procurement", L.STAFF, "thu.director2", procurement=True),
        ),
        "ecc": (
            P("ecc.ce", "ECC5001", "Elizabeth", "Rutherford", "Chief Executive",
              "Chief Executive's Office", L.CHIEF_EXECUTIVE, roles=(Role.CHIEF_EXECUTIVE,),
              login="chief executive"),
            P("ecc.director", "ECC5002", "Andrew", "Bainbridge",
              "Executive Director, Adult Social Care", "Adult Social Care", L.DIRECTOR,
              "ecc.ce", (Role.CHIEF_OFFICER,)),
            P("ecc.director2", "ECC5003", "Claire", "Hemmings",
              "Executive Director, Highways and Transportation", "Highways", L.DIRECTOR,
              "ecc.ce", (Role.CHIEF_OFFICER,), login="director"),
            P("ecc.mo", "ECC5004", "Jeremy", "Stanton",
              "Director, Legal and Assurance (Monitoring Officer)", "Legal and Governance",
              L.ASSISTANT_DIRECTOR, "ecc.ce", (Role.MONITORING_OFFICER,),
              politically_restricted=True, login="monitoring officer"),
            P("ecc.ad", "ECC5005", "Wendy", "Farrow", "Assistant Director, Highways Maintenance",
              "Highways", L.ASSISTANT_DIRECTOR, "ecc.director2"),
            P("ecc.head", "ECC5006", "Patrick", "Nolan", "Head of Highways Delivery (Mid Essex)",
              "Highways", L.HEAD_OF_SERVICE, "ecc.ad"),
            P("ecc.manager", "ECC5007", "Lucy", "Braithwaite", "Highways Area Manager",
              "Highways", L.MANAGER, "ecc.head", login="line manager of ecc.officer"),
            P("ecc.officer", "ECC5008", "Ben", "Hollis", "Highways Liaison Officer", "Highways",
              L.STAFF, "ecc.manager", login="officer"),
            P("ecc.asc", "ECC5009", "Fatima", "Hussain", "Team Manager, Adult Social Care",
              "Adult Social Care", L.MANAGER, "ecc.director"),
            P("ecc.officer2", "ECC5010", "Rebecca", "Thornton", "Social Worker",
              "Adult Social Care", L.STAFF, "ecc.asc", hours=Decimal("22.5")),
            P("ecc.hr", "ECC5011", "Gordon", "McAllister", "Head of HR Operations",
              "Human Resources", L.HEAD_OF_SERVICE, "ecc.ce", (Role.HR,)),
            P("ecc.legal", "ECC5012", "Anna", "Kowalczyk", "Senior Lawyer",
              "Legal and Governance", L.MANAGER, "ecc.mo", (Role.LEGAL_ADVISER,)),
            P("ecc.procurement", "ECC5013", "Shaun", "Tiller", "Category Manager, Highways",
              "Procurement", L.STAFF, "ecc.director2", procurement=True,
              login="procurement officer"),
        ),
    }

# fmt: on


PEOPLE: dict[str, tuple[Person, ...]] = _people()


# --- declarations --------------------------------------------------------------------

Outcome = v.Outcome


@dataclass(frozen=True, slots=True)
class Step:
    """A workflow action taken after submission, by `actor` (a username)."""

    action: str
    actor: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Amendment:
    """A second version of a declaration: its facts are the first version's plus `facts`."""

    description: str
    facts: dict[str, Any]
    expect: v.Outcome
    note: str
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoDeclaration:
    """One demo declaration and what happens to it.

    `expect` is the outcome the employer's code should give these facts (None leaves
    the declaration as a draft); `steps` are the workflow actions that follow.
    """

    officer: str
    type: v.DeclarationType
    counterparty: str
    description: str
    facts: dict[str, Any]
    expect: v.Outcome | None
    steps: tuple[Step, ...] = ()
    days_ago: int = 30  # the date of the offer, interest, work or relationship
    declared_after: int = 3  # days from that date to the declaration
    amendment: Amendment | None = None


T = v.DeclarationType
D = DemoDeclaration

DECLARATIONS: tuple[DemoDeclaration, ...] = (
    # --- Essex County Council (ECC) ---
    D(
        "ecc.officer",
        T.OUTSIDE_WORK,
        "Riverside Leisure Centre, Chelmsford",
        "Weekend swimming instructor, Saturday mornings.",
        {"work_kind": "employment", "hours_per_week": Decimal("4")},
        Outcome.APPROVAL_REQUIRED,
        days_ago=12,
    ),
    D(
        "ecc.manager",
        T.OUTSIDE_WORK,
        "Chelmer Valley Foodbank",
        "Unpaid trustee; four board meetings a year.",
        {"work_kind": "voluntary", "paid": False, "hours_per_week": Decimal("1")},
        Outcome.APPROVAL_REQUIRED,
        (Step("approve", "ecc.head", "No overlap with highways work. Approved."),),
        days_ago=70,
    ),
    D(
        "ecc.officer2",
        T.OUTSIDE_WORK,
        "Thornton Practice Education Ltd",
        "Paid practice educator for social work students placed with other councils.",
        {"work_kind": "self_employment", "hours_per_week": Decimal("10")},
        Outcome.APPROVAL_REQUIRED,
        (
            Step(
                "reject",
                "ecc.asc",
                "This duplicates the practice education we provide in-house. Let's talk about "
                "doing it through ECC instead.",
            ),
        ),
        days_ago=45,
    ),
    D(
        "ecc.officer",
        T.GIFT,
        "A resident of Danbury",
        "Box of chocolates left at the depot after a pothole repair.",
        {
            "form": "item",
            "value_gbp": Decimal("12.00"),
            "donor_category": "member_of_public",
            "status": "accepted",
        },
        Outcome.NO_ACTION,
        days_ago=20,
        declared_after=1,
    ),
    D(
        "ecc.director2",
        T.HOSPITALITY,
        "Local Government Highways Forum",
        "Place at the annual highways conference in Harrogate, with two nights' hotel.",
        {
            "hospitality_kind": "conference_or_course",
            "corporate": True,
            "represents_employer": True,
            "donor_category": "partner_organisation",
            "value_gbp": Decimal("650.00"),
        },
        Outcome.APPROVAL_REQUIRED,
        (
            Step(
                "approve", "ecc.ce", "Worthwhile: Claire is speaking on the resurfacing programme."
            ),
        ),
        days_ago=60,
    ),
    D(
        "ecc.procurement",
        T.INTEREST,
        "Anglia Civil Engineering Ltd",
        "My wife holds 8% of the shares; the company is on our highways framework.",
        {
            "interest_kind": "financial",
            "held_by": "spouse_or_partner",
            "org_does_business_with_employer": True,
            "pecuniary_interest_in_contract": True,
            "involved_in_related_matter": True,
        },
        Outcome.DECLARE,
        (
            Step(
                "record",
                "ecc.director2",
                "Noted. Shaun will take no part in evaluating Anglia Civil Engineering bids.",
            ),
        ),
        days_ago=90,
    ),
    D(
        "ecc.manager",
        T.RELATIONSHIP,
        "Sam Braithwaite, Highways Technician",
        "My brother has joined the same area highways team.",
        {"with_whom": "colleague_same_section", "nature": "family"},
        Outcome.DECLARE,
        days_ago=8,
    ),
    D(
        "ecc.officer",
        T.OUTSIDE_WORK,
        "Hollis Handmade (online shop)",
        "Selling handmade furniture online at weekends.",
        {"work_kind": "business_venture", "hours_per_week": Decimal("5")},
        Outcome.APPROVAL_REQUIRED,
        (Step("withdraw", "ecc.officer", "I have decided not to open the shop after all."),),
        days_ago=40,
    ),
    D(
        "ecc.head",
        T.OUTSIDE_WORK,
        "Baddow Meadow Primary School",
        "Parent governor, unpaid.",
        {"work_kind": "voluntary", "paid": False, "hours_per_week": Decimal("1")},
        Outcome.APPROVAL_REQUIRED,
        (
            Step("approve", "ecc.ad", "Approved."),
            Step("end", "ecc.head", "My term as governor has finished."),
        ),
        days_ago=400,
    ),
    D(
        "ecc.officer",
        T.HOSPITALITY,
        "Kestrel Surfacing Ltd",
        "Invitation to a box at a county cricket match.",
        {
            "hospitality_kind": "social_or_sporting",
            "donor_category": "contractor",
            "value_gbp": Decimal("120.00"),
        },
        None,
        days_ago=2,
    ),
    D(
        "ecc.ad",
        T.INTEREST,
        "Moulsham Community Trust",
        "Unpaid trustee of a local charity that receives small grants from ECC.",
        {"interest_kind": "non_financial", "org_does_business_with_employer": True},
        Outcome.DECLARE,
        (Step("record", "ecc.director2", "Noted."),),
        days_ago=200,
        amendment=Amendment(
            "Now chair of the trustees; the trust has applied for a verge-planting grant "
            "from Highways.",
            {"change_to_existing": True, "involved_in_related_matter": True},
            Outcome.DECLARE,
            "Became chair; the trust has applied for a Highways grant.",
        ),
    ),
    # --- Thurrock Council ---
    D(
        "thu.officer",
        T.GIFT,
        "Lakeside Traders' Association",
        "Desk diary and pen handed out at a business forum.",
        {
            "form": "item",
            "token_item": True,
            "value_gbp": Decimal("8.00"),
            "donor_category": "partner_organisation",
            "status": "accepted",
        },
        Outcome.DECLARE,
        (Step("record", "thu.director", "Entered in the Housing gifts register."),),
        days_ago=35,
    ),
    D(
        "thu.manager",
        T.OUTSIDE_WORK,
        "Grays Adult Education College",
        "Evening lecturer in housing law, one evening a week in term time.",
        {"work_kind": "employment", "hours_per_week": Decimal("3")},
        Outcome.APPROVAL_REQUIRED,
        (Step("approve", "thu.head", "Approved: outside working hours and no conflict."),),
        days_ago=100,
    ),
    D(
        "thu.director",
        T.INTEREST,
        "Purfleet Riverside Developments Ltd",
        "I hold shares in a developer active in the borough.",
        {"interest_kind": "financial"},
        Outcome.DECLARE,
        (Step("record", "thu.mo", "Entered in the register of interests (declared late)."),),
        days_ago=75,
        declared_after=40,
    ),
    D(
        "thu.seconded",
        T.OUTSIDE_WORK,
        "Thurrock Befriending Network",
        "Volunteer befriender, two hours a week.",
        {"work_kind": "voluntary", "paid": False, "hours_per_week": Decimal("2")},
        Outcome.APPROVAL_REQUIRED,
        days_ago=10,
    ),
    D(
        "thu.officer",
        T.RELATIONSHIP,
        "Kieran Hendry, Housing Officer",
        "My cousin has joined the Housing Solutions team.",
        {"with_whom": "colleague_same_section", "nature": "family"},
        Outcome.DECLARE,
        days_ago=6,
    ),
    D(
        "thu.officer",
        T.OUTSIDE_WORK,
        "Grays Riverside Café",
        "Possible weekend shifts at a family café.",
        {"work_kind": "employment", "hours_per_week": Decimal("6")},
        None,
        days_ago=1,
    ),
    D(
        "thu.officer2",
        T.GIFT,
        "A tenant in Grays",
        "A £20 high-street voucher in a thank-you card after help with a repairs claim.",
        {
            "form": "voucher",
            "value_gbp": Decimal("20.00"),
            "donor_category": "service_user",
            "status": "declined",
            "received_without_warning": True,
        },
        Outcome.PROHIBITED,
        (Step("record", "thu.director", "Declined and returned with a thank-you letter."),),
        days_ago=24,
    ),
    D(
        "thu.procurement",
        T.HOSPITALITY,
        "Thames Gateway Builders Ltd",
        "Invitation to a charity golf day while their tender for the estate works is open.",
        {
            "hospitality_kind": "social_or_sporting",
            "donor_category": "potential_contractor",
            "donor_has_pending_decision": True,
            "value_gbp": Decimal("150.00"),
            "status": "declined",
        },
        Outcome.PROHIBITED,
        days_ago=4,
    ),
    # --- the county council ---
    D(
        "cc.officer",
        T.OUTSIDE_WORK,
        "Braintree Superstore",
        "Saturday customer assistant, eight hours a week.",
        {"work_kind": "employment", "hours_per_week": Decimal("8")},
        Outcome.DECLARE,
        (Step("record", "cc.manager", "Noted: point 28, so no consent needed."),),
        days_ago=50,
    ),
    D(
        "cc.engineer",
        T.OUTSIDE_WORK,
        "Ashworth Structural Surveys",
        "Freelance structural surveys of private homes outside the county, some evenings.",
        {"work_kind": "self_employment", "hours_per_week": Decimal("6")},
        Outcome.APPROVAL_REQUIRED,
        days_ago=9,
    ),
    D(
        "cc.planner",
        T.OUTSIDE_WORK,
        "Great Notley Parish Council",
        "Paid clerk to the parish council, ten hours a week.",
        {"work_kind": "employment", "hours_per_week": Decimal("10")},
        Outcome.APPROVAL_REQUIRED,
        (
            Step(
                "reject",
                "cc.ad",
                "The parish council comments on the minerals and waste applications you assess; "
                "that conflict cannot be managed.",
            ),
        ),
        days_ago=30,
    ),
    D(
        "cc.procurement",
        T.GIFT,
        "Chelmer Office Supplies Ltd",
        "Branded pen and notepad from a supplier open day.",
        {
            "form": "item",
            "token_item": True,
            "value_gbp": Decimal("6.00"),
            "donor_category": "supplier",
            "status": "accepted",
        },
        Outcome.APPROVAL_REQUIRED,
        (Step("approve", "cc.ad", "Token items only; no tender with Chelmer is open."),),
        days_ago=25,
    ),
    D(
        "cc.manager",
        T.INTEREST,
        "Tranter Scaffolding Ltd",
        "My wife's firm is on the council's approved list for scaffolding.",
        {
            "interest_kind": "financial",
            "held_by": "spouse_or_partner",
            "org_does_business_with_employer": True,
        },
        Outcome.DECLARE,
        (Step("record", "cc.mo", "Entered in the Register of Officers' Interests."),),
        days_ago=120,
    ),
    D(
        "cc.officer",
        T.HOSPITALITY,
        "Mid Essex Highways Liaison Group",
        "Tea, coffee and sandwiches at the quarterly liaison meeting.",
        {
            "hospitality_kind": "refreshments",
            "donor_category": "partner_organisation",
            "value_gbp": Decimal("5.00"),
            "status": "accepted",
        },
        Outcome.NO_ACTION,
        days_ago=14,
    ),
    D(
        "cc.manager",
        T.RELATIONSHIP,
        "Jack Tranter, apprenticeship applicant",
        "My nephew has applied for a highways apprenticeship in my area.",
        {"with_whom": "job_applicant", "nature": "family", "involved_in_decision": True},
        Outcome.DECLARE,
        (Step("record", "cc.hr", "Paul has been taken off the interview panel."),),
        days_ago=18,
    ),
    D(
        "cc.legal",
        T.OUTSIDE_WORK,
        "Braintree and Witham constituency party",
        "Canvassing for a friend standing in the county elections.",
        {
            "work_kind": "political",
            "paid": False,
            "hours_per_week": Decimal("3"),
            "political_activity": "canvassing",
        },
        Outcome.PROHIBITED,
        days_ago=7,
    ),
    # --- Office of the Police and Crime Commissioner ---
    D(
        "opcc.officer",
        T.INTEREST,
        "Mid Essex Victims' Support Network",
        "Unpaid trustee; the charity bids for OPCC victims' services grants.",
        {
            "interest_kind": "non_financial",
            "org_does_business_with_employer": True,
            "involved_in_related_matter": True,
        },
        Outcome.DECLARE,
        days_ago=15,
    ),
    D(
        "opcc.manager",
        T.HOSPITALITY,
        "Eastern Region Community Safety Conference",
        "Delegate place with one night's accommodation, offered to the OPCC.",
        {
            "hospitality_kind": "conference_or_course",
            "corporate": True,
            "represents_employer": True,
            "donor_category": "partner_organisation",
            "value_gbp": Decimal("420.00"),
        },
        Outcome.APPROVAL_REQUIRED,
        (Step("approve", "opcc.head", "Approved in advance; Stuart will report back."),),
        days_ago=55,
    ),
    D(
        "opcc.officer",
        T.OUTSIDE_WORK,
        "Anglia Evening Institute",
        "Evening tutor in criminology for one term.",
        {"work_kind": "employment", "hours_per_week": Decimal("3")},
        Outcome.DECLARE,
        (
            Step("record", "opcc.manager", "Noted."),
            Step("end", "opcc.officer", "The course has finished."),
        ),
        days_ago=300,
    ),
    D(
        "opcc.seconded",
        T.RELATIONSHIP,
        "A person on probation in Colchester",
        "My stepbrother is supervised by the Colchester unit where I am seconded.",
        {"with_whom": "offender", "nature": "family", "existed_before_appointment": True},
        Outcome.DECLARE,
        (Step("record", "opcc.manager", "Marcus will have no part in his stepbrother's case."),),
        days_ago=28,
    ),
    D(
        "opcc.director",
        T.RELATIONSHIP,
        "Brightside Mediation CIC",
        "My sister is a director of a provider bidding for the restorative justice contract.",
        {"with_whom": "potential_contractor", "nature": "family"},
        Outcome.DECLARE,
        (
            Step(
                "withdraw",
                "opcc.director",
                "My sister resigned from Brightside before the tender opened.",
            ),
        ),
        days_ago=80,
    ),
    D(
        "opcc.procurement",
        T.GIFT,
        "Bluewater Security Systems Ltd",
        "A £50 online shopping voucher in a Christmas card from a supplier.",
        {
            "form": "voucher",
            "value_gbp": Decimal("50.00"),
            "donor_category": "supplier",
            "status": "declined",
            "received_without_warning": True,
        },
        Outcome.PROHIBITED,
        (Step("record", "opcc.mo", "Voucher returned to the supplier with our gifts policy."),),
        days_ago=110,
    ),
    # --- Essex Probation ---
    D(
        "ep.officer",
        T.GIFT,
        "Colchester Business Forum",
        "Desk calendar and pen from a partnership event.",
        {
            "form": "item",
            "token_item": True,
            "value_gbp": Decimal("7.00"),
            "donor_category": "partner_organisation",
            "status": "offered",
        },
        Outcome.APPROVAL_REQUIRED,
        (Step("approve", "ep.manager", "Fine to keep: nominal value."),),
        days_ago=22,
    ),
    D(
        "ep.officer",
        T.RELATIONSHIP,
        "A person on my caseload",
        "A former neighbour and close friend has been allocated to my caseload.",
        {"with_whom": "service_user", "nature": "close_friend", "existed_before_appointment": True},
        Outcome.DECLARE,
        (Step("record", "ep.manager", "Case reallocated to another probation officer."),),
        days_ago=16,
    ),
    D(
        "ep.board",
        T.INTEREST,
        "Colchester Community Housing Association",
        "Non-executive director of a housing association that provides move-on accommodation.",
        {"interest_kind": "financial", "org_does_business_with_employer": True},
        Outcome.DECLARE,
        (Step("record", "ep.boardsec", "Entered in the Board's register of interests."),),
        days_ago=150,
    ),
    D(
        "ep.manager",
        T.OUTSIDE_WORK,
        "Llewellyn Family Mediation",
        "Freelance family mediator, some Saturdays.",
        {"work_kind": "self_employment", "hours_per_week": Decimal("4")},
        Outcome.APPROVAL_REQUIRED,
        days_ago=5,
    ),
    D(
        "ep.officer2",
        T.HOSPITALITY,
        "Open Road Recovery",
        "Dinner after a partnership awards evening.",
        {
            "hospitality_kind": "working_meal",
            "donor_category": "partner_organisation",
            "value_gbp": Decimal("45.00"),
        },
        Outcome.APPROVAL_REQUIRED,
        (
            Step(
                "reject",
                "ep.manager",
                "Open Road Recovery is bidding for our interventions contract: please decline "
                "politely.",
            ),
        ),
        days_ago=33,
    ),
    D(
        "ep.officer",
        T.INTEREST,
        "Colchester Rotary Club",
        "Member of the local Rotary club.",
        {"interest_kind": "non_financial"},
        Outcome.NO_ACTION,
        days_ago=60,
    ),
    D(
        "ep.officer",
        T.OUTSIDE_WORK,
        "Colchester Juniors Football Club",
        "Volunteer football coach for under-12s.",
        {"work_kind": "voluntary", "paid": False, "hours_per_week": Decimal("2")},
        None,
        days_ago=3,
    ),
)


# --- seeding -------------------------------------------------------------------------


@dataclass
class SeedReport:
    """What a run created, anything that did not go as the demo data expects, the logins."""

    created: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)


def seed(*, password: str = DEMO_PASSWORD, today: datetime.date | None = None) -> SeedReport:
    """Create (or bring up to date) all the demo data, all or nothing."""
    today = today or timezone.localdate()
    report = SeedReport()
    password_hash = make_password(password)  # one hash for everyone: hashing is slow
    with transaction.atomic():
        organisations = seed_organisations(report)
        officers = seed_people(organisations, password_hash, report)
        seed_roles(officers, report)
        seed_declarations(officers, today, report)
        seed_admin(password_hash, report)
    report.logins = demo_logins(officers)
    return report


def seed_organisations(report: SeedReport) -> dict[str, Organisation]:
    """The five employers, keyed on their code."""
    organisations = {}
    for org in ORGANISATIONS:
        organisation, created = Organisation.objects.update_or_create(
            code=org.code, defaults={"name": org.name, "reference_prefix": org.prefix}
        )
        report.created["organisations"] += created
        organisations[org.code] = organisation
    return organisations


def seed_people(
    organisations: dict[str, Organisation], password_hash: str, report: SeedReport
) -> dict[str, Officer]:
    """Every demo user and officer record, keyed on username; line managers first."""
    User = get_user_model()
    officers: dict[str, Officer] = {}
    for code, people in PEOPLE.items():
        organisation = organisations[code]
        for person in people:
            user, created = User.objects.update_or_create(
                username=person.username,
                defaults={
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": f"{person.username}@{EMAIL_DOMAIN}",
                    "password": password_hash,
                    "is_active": True,
                },
            )
            report.created["users"] += created
            officer, created = Officer.objects.update_or_create(
                user=user,
                defaults={
                    "organisation": organisation,
                    "staff_number": person.staff_number,
                    "job_title": person.job_title,
                    "department": person.department,
                    "level": person.level.value,
                    "spinal_column_point": person.spinal_column_point,
                    "line_manager": officers[person.manager] if person.manager else None,
                    "board_member": person.board_member,
                    "politically_restricted": person.politically_restricted,
                    "procurement_or_regulatory_role": person.procurement,
                    "contracted_hours_per_week": person.hours,
                    "seconded_to": organisations[person.seconded_to]
                    if person.seconded_to
                    else None,
                    "appointed_on": person.appointed_on,
                    "active": True,
                },
            )
            report.created["officers"] += created
            officers[person.username] = officer
    return officers


def seed_roles(officers: dict[str, Officer], report: SeedReport) -> None:
    """Each organisation's role holders (chief executive, monitoring officer, HR...)."""
    for people in PEOPLE.values():
        for person in people:
            officer = officers[person.username]
            for role in person.roles:
                _, created = RoleAssignment.objects.get_or_create(
                    organisation=officer.organisation,
                    role=role,
                    officer=officer,
                    defaults={"valid_from": ROLES_FROM},
                )
                report.created["role assignments"] += created


def seed_admin(password_hash: str, report: SeedReport) -> None:
    """A superuser for the Django admin; not an officer, so it files nothing."""
    _, created = get_user_model().objects.update_or_create(
        username=ADMIN_USERNAME,
        defaults={
            "first_name": "System",
            "last_name": "Administrator",
            "email": f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
            "password": password_hash,
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    report.created["users"] += created


def seed_declarations(
    officers: dict[str, Officer], today: datetime.date, report: SeedReport
) -> None:
    """File each demo declaration not already there, then take it through its workflow."""
    for spec in DECLARATIONS:
        officer = officers[spec.officer]
        exists = Declaration.objects.filter(
            officer=officer, type=spec.type.value, counterparty=spec.counterparty, version=1
        ).exists()
        if not exists:
            file_declaration(spec, officers, today, report)


def file_declaration(
    spec: DemoDeclaration,
    officers: dict[str, Officer],
    today: datetime.date,
    report: SeedReport,
) -> Declaration:
    """Create one declaration with its facts, submit it and apply its workflow steps."""
    officer = officers[spec.officer]
    date = today - datetime.timedelta(days=spec.days_ago)
    declaration = Declaration.objects.create(
        officer=officer,
        organisation=officer.organisation,
        type=spec.type.value,
        counterparty=spec.counterparty,
        description=spec.description,
        date=date,
        declared_on=min(date + datetime.timedelta(days=spec.declared_after), today),
    )
    DETAIL_MODELS[spec.type].objects.create(declaration=declaration, **spec.facts)
    record_event(declaration, "created", actor=officer.user)
    report.created["declarations"] += 1
    if spec.expect is None:
        return declaration
    _submit(declaration, spec.expect, report)
    _apply_steps(declaration, spec.steps, officers, today, report)
    if spec.amendment is not None:
        amend(declaration, spec, officers, today, report)
    return declaration


def amend(
    previous: Declaration,
    spec: DemoDeclaration,
    officers: dict[str, Officer],
    today: datetime.date,
    report: SeedReport,
) -> Declaration:
    """File the next version of `previous` (same reference), which then supersedes it."""
    amendment = spec.amendment
    assert amendment is not None
    user = previous.officer.user
    declaration = Declaration.objects.create(
        officer=previous.officer,
        organisation=previous.organisation,
        type=previous.type,
        reference=previous.reference,
        version=previous.version + 1,
        amends=previous,
        counterparty=previous.counterparty,
        description=amendment.description,
        date=previous.date,
        declared_on=today,
    )
    DETAIL_MODELS[spec.type].objects.create(
        declaration=declaration, **{**spec.facts, **amendment.facts}
    )
    report.created["declarations"] += 1
    record_event(
        declaration, "created", actor=user, note=f"Amends {previous.reference_with_version}"
    )
    record_event(
        previous,
        "amendment_started",
        actor=user,
        note=f"{declaration.reference_with_version} started",
    )
    _submit(declaration, amendment.expect, report)
    replaced = Step(
        "supersede",
        user.get_username(),
        f"Replaced by {declaration.reference_with_version}. {amendment.note}",
    )
    _act(previous, replaced, officers, today, report)
    _apply_steps(declaration, amendment.steps, officers, today, report)
    return declaration


def _submit(declaration: Declaration, expect: v.Outcome, report: SeedReport) -> None:
    """Submit through the real service; note it if the code's outcome is not the one expected."""
    verdict = submit(declaration, actor=declaration.officer.user)
    if verdict.outcome != expect:
        report.problems.append(
            f"{declaration} ({declaration.officer.user.get_username()}, {declaration.type}, "
            f"{declaration.counterparty}): expected {expect.value}, "
            f"the code gave {verdict.outcome.value}."
        )


def _apply_steps(
    declaration: Declaration,
    steps: tuple[Step, ...],
    officers: dict[str, Officer],
    today: datetime.date,
    report: SeedReport,
) -> None:
    for step in steps:
        if not _act(declaration, step, officers, today, report):
            return


def _act(
    declaration: Declaration,
    step: Step,
    officers: dict[str, Officer],
    today: datetime.date,
    report: SeedReport,
) -> bool:
    """Take one workflow step; on an illegal move note the problem and return False.

    Decisions go through the approval route as a real approver would make them
    (decisions.decide by each step's assignee), so the queues and history are genuine.
    """
    actor = officers[step.actor]
    note = step.note
    try:
        if step.action in DECIDED_BY_THE_ROUTE and declaration.approval_steps.exists():
            _decide_route(declaration, step.action, note)
            return True
        if step.action == "end":
            ended_on = max(declaration.date, today - datetime.timedelta(days=7))
            declaration.ended_on = ended_on
            declaration.save(update_fields=["ended_on", "updated_at"])
            note = f"Ended on {ended_on.day} {ended_on:%B %Y}. {note}".strip()
        transition(declaration, step.action, actor=actor.user, note=note)
    except (IllegalTransition, DecisionError, RouteError) as error:
        report.problems.append(f"{declaration}: could not {step.action}: {error}")
        return False
    _settle_steps(declaration)
    return True


# Workflow actions that the approval route itself takes, step by step.
DECIDED_BY_THE_ROUTE = {"approve": "approve", "reject": "reject", "record": "acknowledge"}


def _decide_route(declaration: Declaration, action: str, note: str) -> None:
    """Each open step decided by the person it is assigned to, in order."""
    if action == "record" and outcome_of(declaration) == v.Outcome.PROHIBITED:
        confirm_declined(declaration, declaration.officer.user)
    decision = DECIDED_BY_THE_ROUTE[action]
    while True:
        step = (
            declaration.approval_steps.filter(state=StepState.PENDING, opened_at__isnull=False)
            .select_related("assignee")
            .order_by("order")
            .first()
        )
        if step is None or step.assignee is None:
            return
        decide(step.pk, by=step.assignee, decision=decision, reason=note)
        if decision == "reject":
            return


def _settle_steps(declaration: Declaration) -> None:
    """Cancel any approval step left waiting on a declaration withdrawn or closed."""
    declaration.approval_steps.filter(state=StepState.PENDING).update(state=StepState.CANCELLED)


def demo_logins(officers: dict[str, Officer]) -> list[tuple[str, str, str, str]]:
    """(username, name, organisation, role) for the accounts worth signing in as."""
    rows = [(ADMIN_USERNAME, "System Administrator", "-", "Django admin (superuser)")]
    for code, people in PEOPLE.items():
        for person in people:
            if person.login:
                name = officers[person.username].full_name
                role = f"{person.job_title} ({person.login})"
                rows.append((person.username, name, SHORT_NAMES[code], role))
    return rows


def counts() -> dict[str, int]:
    """How many rows of each kind exist: a second run must leave these unchanged."""
    models = {
        "users": get_user_model(),
        "organisations": Organisation,
        "officers": Officer,
        "role assignments": RoleAssignment,
        "declarations": Declaration,
        "events": DeclarationEvent,
        "approval steps": ApprovalStep,
        "gifts and hospitality": GiftHospitality,
        "interests": Interest,
        "outside work": OutsideWork,
        "relationships": Relationship,
    }
    return {name: model.objects.count() for name, model in models.items()}
