"""Essex County Council: Code of Conduct, March 2023 (updated March 2024).

The code has no clause numbers: citations are the slugs of its headings. It names a
register only for interests ("register any financial and non-financial interests
with your line manager"), so elsewhere the register keeper is null.

Rows EC-G1..EC-D1 of the policy matrix, checked against shared/codes/ecc.txt: no row
disagrees with the text. The readings of what the text leaves open (suppliers and
service users' relatives in EC-R1, sponsorship's approver, the 48-hour limit...) are
under "ecc" in policies/MATRIX_NOTES.md.

Interpretations:

* The code has no token exception, so the register's token limit setting plays no
  part in any ECC rule.
* Outside work: "discuss any proposed paid or unpaid work with your line manager and
  use the declaration form before accepting" is due on the day the work starts (its
  `date`), the latest day the contract records; it is the only ECC rule with a deadline.
* An improper approach (a bribe or an attempt at one) is a disclosure the officer must
  refuse ("misuse your official position ... for personal interest") and report to
  their line manager or Head of Service, either will do (EC-D1). The code says nothing
  about an officer's own charges, cautions or convictions, so those fire no rule.
"""

from __future__ import annotations

from .common import (
    CONTRACTOR_DONORS,
    CONTRACTORS,
    FELLOW_EMPLOYEES,
    JOB_APPLICANTS,
    SERVICE_USERS_AND_FAMILIES,
    close_tie_in_decision,
    over_48_hours_a_week,
    personal_gift,
    politically_restricted_activity,
)
from .core import (
    DISCLOSURE,
    GIFT,
    HOSPITALITY,
    INTEREST,
    ON_THE_DATE,
    OUTSIDE_WORK,
    RELATIONSHIP,
    Rule,
    rule,
)
from .duties import (
    DISCLOSURES,
    GIFTS_AND_HOSPITALITY,
    DispositionOption,
    Duties,
    FormHint,
    deadlines_in,
    general_dispositions,
    line_manager_records,
    not_gone_ahead,
    versioned,
)
from .facts import Facts
from .vocabulary import (
    DisclosureKind,
    Disposition,
    DonorCategory,
    Employer,
    Flag,
    Nature,
    Outcome,
    WithWhom,
)
from .vocabulary import GiftForm as Form
from .vocabulary import Role as R

EMPLOYER = Employer.ECC
NAME = "Essex County Council's Code of Conduct"
# Changed by hand with the rules; VERSION (at the end) adds the duties' fingerprint.
EDITION = "2026.11"

DONORS_OFFERING_ADVANTAGE = CONTRACTOR_DONORS | {DonorCategory.SERVICE_USER}
# personal-conduct: "Members, officers, contractors or partners, potential contractors or
# service users" (suppliers as contractors, service users with their relatives or carers).
DECLARABLE_RELATIONSHIPS = (
    frozenset({WithWhom.ELECTED_MEMBER})
    | FELLOW_EMPLOYEES
    | CONTRACTORS
    | SERVICE_USERS_AND_FAMILIES
)


def _hospitality_for_ecc(f: Facts) -> bool:
    return f.declaration.corporate or f.declaration.represents_employer


G_AND_H = "gifts-and-hospitality"
ASK_YOUR_MANAGER = (
    "The code asks for nothing more; if you are unclear what is acceptable, ask your manager."
)

RULES: tuple[Rule, ...] = (
    rule(
        "EC-G1",
        [GIFT],
        "A personal gift from a contractor, potential contractor, supplier or service user",
        lambda f: personal_gift(f) and f.declaration.donor_category in DONORS_OFFERING_ADVANTAGE,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite=G_AND_H,
        reason=(
            "You must not accept personal gifts, loans, fees, rewards or advantage from "
            "contractors, potential contractors, service users or outside suppliers."
        ),
    ),
    rule(
        "EC-G2",
        [GIFT],
        "A modest gift accepted on behalf of ECC",
        lambda f: f.declaration.on_behalf_of_employer,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        cite=G_AND_H,
        reason=(
            "Modest gifts accepted on behalf of ECC must be authorised by your manager "
            "using the declaration form."
        ),
    ),
    rule(
        "EC-G3",
        [GIFT],
        "A personal gift from any other donor",
        lambda f: (
            personal_gift(f) and f.declaration.donor_category not in DONORS_OFFERING_ADVANTAGE
        ),
        Outcome.NO_ACTION,
        cite=G_AND_H,
        reason=ASK_YOUR_MANAGER,
    ),
    rule(
        "EC-S1",
        [GIFT],
        "Sponsorship",
        lambda f: f.declaration.form is Form.SPONSORSHIP,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        cite="handling-ecc-money-or-sponsorship",
        reason=(
            "Sponsorship accepted must relate to ECC business, and you must not benefit "
            "from it personally: your line manager must approve it."
        ),
    ),
    rule(
        "EC-H1",
        [HOSPITALITY],
        "Hospitality offered to ECC or accepted to represent ECC",
        _hospitality_for_ecc,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        cite=G_AND_H,
        reason=(
            "Modest hospitality accepted on behalf of ECC must be authorised by your manager "
            "using the declaration form."
        ),
    ),
    rule(
        "EC-H2",
        [HOSPITALITY],
        "Personal hospitality from a contractor, potential contractor, supplier or service user",
        lambda f: (
            not _hospitality_for_ecc(f)
            and f.declaration.donor_category in DONORS_OFFERING_ADVANTAGE
        ),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite=G_AND_H,
        reason=(
            "You must not accept rewards or advantage from contractors, potential contractors, "
            "service users or outside suppliers."
        ),
    ),
    rule(
        "EC-H3",
        [HOSPITALITY],
        "Personal hospitality from any other donor",
        lambda f: (
            not _hospitality_for_ecc(f)
            and f.declaration.donor_category not in DONORS_OFFERING_ADVANTAGE
        ),
        Outcome.NO_ACTION,
        cite=G_AND_H,
        reason=ASK_YOUR_MANAGER,
    ),
    rule(
        "EC-I1",
        [INTEREST],
        "Any financial or non-financial interest",
        lambda f: True,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        register_keeper=R.LINE_MANAGER,
        cite="personal-conduct",
        reason=(
            "You must register any financial and non-financial interests with your line manager."
        ),
    ),
    rule(
        "EC-W1",
        [OUTSIDE_WORK],
        "Any outside work, paid or unpaid, voluntary work included",
        lambda f: True,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        deadline=ON_THE_DATE,
        cite="outside-work",
        reason=(
            "Discuss any proposed paid or unpaid work with your line manager and use the "
            "declaration form before accepting it."
        ),
    ),
    rule(
        "EC-W2",
        [OUTSIDE_WORK],
        "Outside work that conflicts with your role or ECC's interests",
        lambda f: f.declaration.conflicts_with_duties,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="outside-work",
        reason="Outside work must not conflict with your role or the interests of ECC.",
    ),
    rule(
        "EC-W3",
        [OUTSIDE_WORK],
        "Contracted hours plus outside work exceed 48 hours a week",
        over_48_hours_a_week,
        None,
        flags=[Flag.HOURS_EXCEED_48],
        cite="outside-work",
        reason=(
            "Your total working hours would exceed 48 a week: the Working Time Regulations "
            "govern the total number of hours you can safely work."
        ),
    ),
    rule(
        "EC-W4",
        [OUTSIDE_WORK],
        "Outside work that uses ECC's resources, equipment or facilities",
        lambda f: f.declaration.uses_employer_resources,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="use-of-ecc-resources-equipment-and-facilities",
        reason="ECC's resources, equipment and facilities must not be used for outside work.",
    ),
    rule(
        "EC-W5",
        [OUTSIDE_WORK],
        "A politically restricted post holder standing for office (other than a parish "
        "council), holding party office, canvassing or publicly supporting a party",
        politically_restricted_activity,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="politically-restricted-posts",
        reason=(
            "In a politically restricted post you must not stand for elected office (other than "
            "a parish council), hold party office, canvass or publicly support a party."
        ),
    ),
    rule(
        "EC-R1",
        [RELATIONSHIP],
        "A personal relationship with a member, officer, contractor, supplier or service user",
        lambda f: f.declaration.with_whom in DECLARABLE_RELATIONSHIPS,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="personal-conduct",
        reason=(
            "A personal relationship with members, officers, contractors, potential contractors "
            "or service users must be declared using the declaration form."
        ),
    ),
    rule(
        "EC-R2",
        [RELATIONSHIP],
        "An intimate relationship with a service user (or their family) that began after "
        "appointment",
        lambda f: (
            f.declaration.with_whom in SERVICE_USERS_AND_FAMILIES
            and f.declaration.nature is Nature.INTIMATE
            and not f.declaration.existed_before_appointment
        ),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="working-with-service-users",
        reason=(
            "You must not form inappropriate personal relationships with service users, "
            "their relatives or carers."
        ),
    ),
    rule(
        "EC-R3",
        [RELATIONSHIP],
        "A close relationship with a job applicant whose selection you would take part in",
        lambda f: close_tie_in_decision(f, JOB_APPLICANTS),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="responsibilities-when-managing-others",
        reason=(
            "You must not be involved in a selection process or interview for an applicant "
            "you are related to or in a personal relationship with."
        ),
    ),
    rule(
        "EC-D1",
        [DISCLOSURE],
        "An improper approach: an offer of a reward, payment or other advantage in return for "
        "information, favour or influence",
        lambda f: f.declaration.disclosure_kind is DisclosureKind.IMPROPER_APPROACH,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER, R.HEAD_OF_SERVICE],
        cite=["reporting-improper-or-illegal-activities", "personal-conduct"],
        reason=(
            "Accepting would misuse your official position for personal interest or the "
            "interest of others: refuse the approach and report it to your line manager or Head "
            "of Service (either will do)."
        ),
    ),
)


# --- duties beyond the rules (policies/duties.py) ---------------------------------------

DUTIES = Duties(
    registers=(line_manager_records("ecc-line-manager-records", cite="personal-conduct"),),
    annual_return=None,
    interest_reviews=None,
    form_hints=(
        FormHint(
            "hours_per_week",
            "ECC: together with your job here, more than 48 hours a week is flagged.",
            "outside-work",
        ),
        FormHint(
            "could_conflict",
            "ECC: register any financial and non-financial interests with your line manager.",
            "personal-conduct",
        ),
    ),
    deadlines=deadlines_in(RULES),
    # "You must not accept personal gifts ... from contractors ... or outside suppliers."
    dispositions=(
        DispositionOption(
            Disposition.DECLINED, "Declined", "gifts-and-hospitality", GIFTS_AND_HOSPITALITY
        ),
        *general_dispositions("gifts-and-hospitality", "ECC"),
        *not_gone_ahead(
            outside_work="outside-work",
            interest="personal-conduct",
            relationship="working-with-service-users",
        ),
        # personal-conduct: "misuse your official position ... for personal interest".
        DispositionOption(
            Disposition.DECLINED,
            "Declined",
            "personal-conduct",
            DISCLOSURES,
        ),
    ),
)
VERSION = versioned(EDITION, DUTIES)
