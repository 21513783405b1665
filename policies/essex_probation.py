"""Essex Probation: Code of Conduct, and Code of Conduct for Board Members.

Staff clauses are cited by number ("7.4"), the Board Members' code as "board-N". Both
codes apply to board members (1.1); 7.1 and 8.1 speak to employees only.

Interpretations (policies/MATRIX_NOTES.md lists where the text overrides the matrix):

* A "modest business gift of nominal value" (7.4) is a token item of form `item`:
  loans and bequests are named as benefits in their own right, never as modest
  business gifts, so a loan marked as a token item is still declined (EP-G4).
* A voucher counts as money (7.4, "money be accepted as a gift").
* 7.5 makes the only appropriate relationship with *any* service user a professional
  one, and 7.7 extends that to their family; so EP-R1 does not also require the
  officer to have professional responsibility for the person.
* 4.9 ("Socialising with service users is not acceptable") is read against 7.6 and
  7.7, which ask for a declaration of family, social and pre-existing ties: only a
  social tie that began after appointment is prohibited outright (EP-R4).
* Row EP-G1 is written as two rules with the same id because its citation depends on
  the declaration type: hospitality from a service user also breaches 4.9.
"""

from __future__ import annotations

from .common import EMPLOYMENT_OR_BUSINESS, MONEY, SERVICE_USERS_AND_FAMILIES
from .core import GIFT, HOSPITALITY, INTEREST, OUTSIDE_WORK, RELATIONSHIP, Rule, rule
from .duties import (
    GIFTS_AND_HOSPITALITY,
    DispositionOption,
    Duties,
    Entries,
    FormHint,
    Keeper,
    NamedRegister,
    deadlines_in,
    general_dispositions,
    not_gone_ahead,
    versioned,
)
from .facts import Facts
from .vocabulary import (
    Direction,
    Disposition,
    DonorCategory,
    Employer,
    Flag,
    Nature,
    Outcome,
    WithWhom,
    WorkKind,
)
from .vocabulary import GiftForm as Form
from .vocabulary import Role as R

EMPLOYER = Employer.ESSEX_PROBATION
NAME = "Essex Probation's Code of Conduct"
# Changed by hand with the rules; VERSION (at the end) adds the duties' fingerprint.
EDITION = "2026.1"

SERVICE_USERS_AND_OFFENDERS = SERVICE_USERS_AND_FAMILIES | {WithWhom.OFFENDER}
FAMILIAL_OR_SOCIAL = frozenset({Nature.FAMILY, Nature.CLOSE_FRIEND, Nature.SOCIAL})
SOCIALISING = frozenset({Nature.SOCIAL, Nature.CLOSE_FRIEND})


def _from_service_user(f: Facts) -> bool:
    return f.declaration.donor_category is DonorCategory.SERVICE_USER


def _money(f: Facts) -> bool:
    return f.declaration.form in MONEY


def _modest_business_gift(f: Facts) -> bool:
    return f.declaration.token_item and f.declaration.form is Form.ITEM


def _intimate_with_service_user_or_offender(f: Facts) -> bool:
    return (
        f.declaration.with_whom in SERVICE_USERS_AND_OFFENDERS
        and f.declaration.nature is Nature.INTIMATE
    )


REGISTER_OF_GIFTS = (
    "record it in the Register of Gifts and Hospitality held by the Secretary to the Board"
)

RULES: tuple[Rule, ...] = (
    rule(
        "EP-G1",
        [GIFT],
        "A gift from a service user",
        _from_service_user,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        flags=[Flag.RECORD_ON_CONTACT_LOG],
        cite="7.4",
        reason=(
            "On no account may you accept a gift from a service user: politely but firmly "
            "decline it and record the offer on the contact log."
        ),
    ),
    rule(
        "EP-G1",
        [HOSPITALITY],
        "Hospitality from a service user",
        _from_service_user,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        flags=[Flag.RECORD_ON_CONTACT_LOG],
        cite=["7.4", "4.9"],
        reason=(
            "Socialising with service users is not acceptable and you must accept no benefit "
            "from them: politely but firmly decline and record the offer on the contact log."
        ),
    ),
    rule(
        "EP-G2",
        [GIFT],
        "A gift of money (cash or a voucher)",
        _money,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        flags=[Flag.RECORD_ON_CONTACT_LOG],
        cite="7.4",
        reason=(
            "Money must never be accepted as a gift: politely but firmly decline it and record "
            "the offer on the contact log."
        ),
    ),
    rule(
        "EP-G3",
        [GIFT],
        "A modest business gift of nominal value (a token item such as a diary or calendar), "
        "not from a service user and not money",
        lambda f: _modest_business_gift(f) and not _from_service_user(f) and not _money(f),
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        register_keeper=R.BOARD_SECRETARY,
        cite="7.4",
        reason=(
            "Modest business gifts of nominal value such as diaries and calendars may be "
            f"received, but consult your line manager before accepting and {REGISTER_OF_GIFTS}."
        ),
    ),
    rule(
        "EP-G4",
        [GIFT],
        "A gift that is not a modest business gift of nominal value (loans and bequests included)",
        lambda f: not _modest_business_gift(f),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        flags=[Flag.RECORD_ON_CONTACT_LOG],
        cite="7.4",
        reason=(
            "Gifts, loans and bequests other than modest business gifts of nominal value are "
            "inappropriate: politely but firmly decline and record the offer on the contact log."
        ),
    ),
    rule(
        "EP-G5",
        [GIFT],
        "A gift given by you",
        lambda f: f.declaration.direction is Direction.GIVEN,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        register_keeper=R.BOARD_SECRETARY,
        covers_gifts_given=True,
        cite="7.4",
        reason=(
            "Only modest business gifts of nominal value may be given: consult your line "
            f"manager before giving a gift and {REGISTER_OF_GIFTS}."
        ),
    ),
    rule(
        "EP-H1",
        [HOSPITALITY],
        "Hospitality (a social invitation, free accommodation, a meal or an event) not from "
        "a service user",
        lambda f: not _from_service_user(f),
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        register_keeper=R.BOARD_SECRETARY,
        cite="7.4",
        reason=(
            "Social invitations, free accommodation and other hospitality are benefits that can "
            f"compromise you: consult your line manager before accepting and {REGISTER_OF_GIFTS}."
        ),
    ),
    rule(
        "EP-W1",
        [OUTSIDE_WORK],
        "Other employment, self-employment or a private business venture",
        lambda f: f.declaration.work_kind in EMPLOYMENT_OR_BUSINESS,
        Outcome.APPROVAL_REQUIRED,
        route=[R.CHIEF_EXECUTIVE],
        cite="4.8",
        reason=(
            "You must seek permission from the Chief Executive to be involved in any other "
            "employment or private business venture."
        ),
    ),
    rule(
        "EP-W2",
        [OUTSIDE_WORK],
        "Work or activity that could adversely affect Essex Probation's interests",
        lambda f: f.declaration.conflicts_with_duties,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="7.2",
        reason=(
            "You must not perform, arrange or carry out any work or activity which could "
            "adversely affect Essex Probation's interests."
        ),
    ),
    rule(
        "EP-W3",
        [OUTSIDE_WORK],
        "Acting as executor for a service user to whom you are unrelated, or their family",
        lambda f: (
            f.declaration.work_kind is WorkKind.EXECUTORSHIP and f.declaration.for_service_user
        ),
        Outcome.APPROVAL_REQUIRED,
        route=[R.CHIEF_EXECUTIVE],
        written=True,
        cite="7.3",
        reason=(
            "You must not act as executor for a service user to whom you are unrelated, or for "
            "their family, without the prior written consent of the Chief Executive."
        ),
    ),
    rule(
        "EP-R1",
        [RELATIONSHIP],
        "An intimate relationship with a service user, their family or an offender that did "
        "not exist before your appointment",
        lambda f: (
            _intimate_with_service_user_or_offender(f)
            and not f.declaration.existed_before_appointment
        ),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite=["7.5", "7.7"],
        reason=(
            "The only appropriate relationship with a service user is a professional one: "
            "personal and intimate contact with service users, offenders or their families is "
            "not acceptable and could be gross misconduct."
        ),
    ),
    rule(
        "EP-R2",
        [RELATIONSHIP],
        "An intimate relationship with a service user, their family or an offender that "
        "existed before your appointment",
        lambda f: (
            _intimate_with_service_user_or_offender(f) and f.declaration.existed_before_appointment
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.NO_DIRECT_SUPERVISION],
        cite="7.7",
        reason=(
            "A personal relationship that already existed when you were appointed must be "
            "declared to your line manager, who will separate your official and personal "
            "responsibilities."
        ),
    ),
    rule(
        "EP-R3",
        [RELATIONSHIP],
        "A family, close-friend or social relationship with an offender, a service user or a "
        "service user's family",
        lambda f: (
            f.declaration.with_whom in SERVICE_USERS_AND_OFFENDERS
            and f.declaration.nature in FAMILIAL_OR_SOCIAL
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.NO_DIRECT_SUPERVISION],
        cite="7.6",
        reason=(
            "You must declare a family or social relationship with an offender, a service user "
            "or their family and seek your line manager's advice, who will ensure there is no "
            "direct supervisory contact between you."
        ),
    ),
    rule(
        "EP-R4",
        [RELATIONSHIP],
        "Socialising with a service user: a social or close-friend relationship (not family) "
        "that did not exist before your appointment",
        lambda f: (
            f.declaration.with_whom is WithWhom.SERVICE_USER
            and f.declaration.nature in SOCIALISING
            and not f.declaration.existed_before_appointment
        ),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="4.9",
        reason="Socialising with service users is not acceptable.",
    ),
    rule(
        "EP-I1",
        [INTEREST],
        "An employee's (not a board member's) interest that could conflict with Essex Probation's",
        lambda f: not f.officer.board_member and f.declaration.could_conflict,
        Outcome.NO_ACTION,
        cite=["7.1", "8.1"],
        reason=(
            "The staff code names no register of interests: act in Essex Probation's interests "
            "at all times and seek your line manager's advice whenever you are in doubt."
        ),
    ),
    rule(
        "EP-B1",
        [INTEREST],
        "A board member's private interest that could conflict with their public duties",
        lambda f: f.officer.board_member and f.declaration.could_conflict,
        Outcome.DECLARE,
        route=[R.BOARD_SECRETARY],
        cite=["board-2", "board-8"],
        reason=(
            "As a board member you must declare any private interests relating to your public "
            "duties and notify the Board Secretary of anything that could compromise your "
            "responsibilities."
        ),
    ),
)


# --- duties beyond the rules (policies/duties.py) ---------------------------------------

DUTIES = Duties(
    registers=(
        NamedRegister(
            slug="essex-probation-gifts-and-hospitality",
            title="Register of Gifts and Hospitality",
            cite="7.4",
            keeper_words="the Secretary to the Board",
            summary="Gifts and hospitality declared by Essex Probation staff.",
            entries=(Entries(types=GIFTS_AND_HOSPITALITY),),
            kept_by=Keeper(R.BOARD_SECRETARY),
        ),
    ),
    annual_return=None,
    interest_reviews=None,
    form_hints=(
        FormHint(
            "token_item",
            "Essex Probation: modest business gifts of nominal value, such as diaries "
            "and calendars (7.4).",
            "7.4",
        ),
    ),
    deadlines=deadlines_in(RULES),
    # 7.4: "Employees offered inappropriate gifts must politely but firmly decline."
    dispositions=(
        DispositionOption(
            Disposition.DECLINED,
            "Declined",
            "7.4",
            GIFTS_AND_HOSPITALITY,
            hint="Essex Probation: record the offer on the contact log too (7.4).",
        ),
        *general_dispositions("7.4", "Essex Probation"),
        *not_gone_ahead(outside_work="7.2", interest="8.1", relationship="7.5"),
    ),
)
VERSION = versioned(EDITION, DUTIES)
