"""Essex Probation: Code of Conduct, and Code of Conduct for Board Members.

Staff clauses are cited by number ("7.4"), the Board Members' code as "board-N". Both
codes apply to board members (1.1); 7.1 and 8.1 speak to employees only.

Interpretations (policies/MATRIX_NOTES.md lists where the text overrides the matrix):

* A "modest business gift of nominal value" (7.4) is the contract's token: a token item
  of form `item` worth less than the register's token limit (`token_under_setting`;
  7.4 gives no figure, so the monitoring officer's setting applies, £25.00 unless
  changed). Loans and bequests are named as benefits in their own right, never as
  modest business gifts, so a loan marked as a token item is still declined (EP-G4), and
  so is a token item worth the limit or more. EP-G3 and EP-G4 say the figure they used.
* 7.4 "consult their Line manager either before accepting or giving gifts": EP-G3 and
  EP-G5 are due on the day the gift is accepted or given (`event_date`). That sentence
  speaks of gifts only, so hospitality (EP-H1) has no deadline, as the matrix says.
* "Prior written consent" (7.3) is due on the day the executorship starts (EP-W3);
  "notify Human Resources immediately" (4.5) on the day the officer is told (EP-D2); the
  line Director's permission to act as a witness (6.5) on the day of the hearing
  (EP-D3). 4.4 gives no time for reporting a conviction or caution (EP-D1).
* A voucher counts as money (7.4, "money be accepted as a gift").
* 7.5 makes the only appropriate relationship with *any* service user a professional
  one, and 7.7 extends that to their family; so EP-R1 does not also require the
  officer to have professional responsibility for the person.
* 4.9 ("Socialising with service users is not acceptable") is read against 7.6 and
  7.7, which ask for a declaration of family, social and pre-existing ties: only a
  social tie that began after appointment is prohibited outright (EP-R4).
* 7.5 "At no time should this merge into the personal": a business tie with a service
  user begun after appointment is prohibited (EP-R5); one that existed before is
  declared and separated (EP-R6, with 7.7). With a service user's family, 7.5 asks the
  line manager to "make a judgement in respect of each case" (EP-R7).
* Disclosures: 4.4 names only convictions and cautions, so a charge, an arrest or bail
  conditions fire no rule (policy-matrix.md, "When nothing fires"). An improper
  approach is declined and logged like an inappropriate gift (7.4) and reported as an
  impropriety (8.6) (EP-D6). Acting as a witness for a service user without the court
  requiring it (EP-D4) and intervening in court matters or prison visits other than for
  service users (EP-D5) must not go ahead.
* Row EP-G1 is written as two rules with the same id because its citation depends on
  the declaration type: hospitality from a service user also breaches 4.9.
"""

from __future__ import annotations

from .common import (
    EMPLOYMENT_OR_BUSINESS,
    MONEY,
    SERVICE_USERS_AND_FAMILIES,
    disclosing,
    token_under_setting,
)
from .core import (
    DISCLOSURE,
    GIFT,
    HOSPITALITY,
    INTEREST,
    ON_THE_DATE,
    ON_THE_EVENT_DATE,
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
    DisclosureKind,
    Disposition,
    DonorCategory,
    Employer,
    Flag,
    Nature,
    Outcome,
    WithWhom,
    WorkKind,
)
from .vocabulary import Role as R

EMPLOYER = Employer.ESSEX_PROBATION
NAME = "Essex Probation's Code of Conduct"
# Changed by hand with the rules; VERSION (at the end) adds the duties' fingerprint.
EDITION = "2026.11"

SERVICE_USERS_AND_OFFENDERS = SERVICE_USERS_AND_FAMILIES | {WithWhom.OFFENDER}
FAMILIAL_OR_SOCIAL = frozenset({Nature.FAMILY, Nature.CLOSE_FRIEND, Nature.SOCIAL})
SOCIALISING = frozenset({Nature.SOCIAL, Nature.CLOSE_FRIEND})
# 4.4: "Criminal convictions and cautions must be reported to the Chief Executive".
CONVICTIONS_AND_CAUTIONS = frozenset({DisclosureKind.CONVICTION, DisclosureKind.CAUTION})


def _from_service_user(f: Facts) -> bool:
    return f.declaration.donor_category is DonorCategory.SERVICE_USER


def _money(f: Facts) -> bool:
    return f.declaration.form in MONEY


def _modest_business_gift(f: Facts) -> bool:
    """7.4 "modest business gifts of nominal value": the token test at the register's limit."""
    return token_under_setting(f, EMPLOYER)


def _intimate_with_service_user_or_offender(f: Facts) -> bool:
    return (
        f.declaration.with_whom in SERVICE_USERS_AND_OFFENDERS
        and f.declaration.nature is Nature.INTIMATE
    )


def _business_with_service_user(f: Facts) -> bool:
    return (
        f.declaration.with_whom is WithWhom.SERVICE_USER and f.declaration.nature is Nature.BUSINESS
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
        "A modest business gift of nominal value (a token item such as a diary or calendar, "
        "of form item, worth less than the register's token limit), not from a service user",
        lambda f: _modest_business_gift(f) and not _from_service_user(f),
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        register_keeper=R.BOARD_SECRETARY,
        deadline=ON_THE_EVENT_DATE,
        uses_token_limit=True,
        cite="7.4",
        reason=(
            "Modest business gifts of nominal value, such as diaries and calendars worth less "
            "than {token_limit}, may be received, but consult your line manager before "
            f"accepting and {REGISTER_OF_GIFTS}."
        ),
    ),
    rule(
        "EP-G4",
        [GIFT],
        "A gift that is not a modest business gift of nominal value (loans and bequests "
        "included, and a token item worth the register's token limit or more)",
        lambda f: not _modest_business_gift(f),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        flags=[Flag.RECORD_ON_CONTACT_LOG],
        uses_token_limit=True,
        cite="7.4",
        reason=(
            "Gifts, loans and bequests other than modest business gifts of nominal value (items "
            "such as diaries worth less than {token_limit}) are inappropriate: politely but "
            "firmly decline and record the offer on the contact log."
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
        deadline=ON_THE_EVENT_DATE,
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
        deadline=ON_THE_DATE,
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
        "EP-R5",
        [RELATIONSHIP],
        "Business dealings with a service user (such as buying a car from them) that did not "
        "exist before your appointment",
        lambda f: _business_with_service_user(f) and not f.declaration.existed_before_appointment,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="7.5",
        reason=(
            "The only appropriate relationship with a service user is a professional one, and "
            "at no time should it merge into the personal: do not enter into business dealings "
            "with a service user."
        ),
    ),
    rule(
        "EP-R6",
        [RELATIONSHIP],
        "Business dealings with a service user that existed before your appointment",
        lambda f: _business_with_service_user(f) and f.declaration.existed_before_appointment,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.NO_DIRECT_SUPERVISION],
        cite=["7.5", "7.7"],
        reason=(
            "Business dealings with a service user that already existed when you were appointed "
            "must be declared to your line manager, who will separate your official and personal "
            "responsibilities."
        ),
    ),
    rule(
        "EP-R7",
        [RELATIONSHIP],
        "Business dealings with a service user's family, whenever they began",
        lambda f: (
            f.declaration.with_whom is WithWhom.SERVICE_USER_FAMILY
            and f.declaration.nature is Nature.BUSINESS
        ),
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        cite="7.5",
        reason=(
            "Business dealings with a service user's family could be a difficulty: consult your "
            "line manager, who must make a judgement in your case."
        ),
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
    rule(
        "EP-D1",
        [DISCLOSURE],
        "A criminal conviction or caution",
        lambda f: f.declaration.disclosure_kind in CONVICTIONS_AND_CAUTIONS,
        Outcome.DECLARE,
        route=[R.CHIEF_EXECUTIVE],
        cite="4.4",
        reason=(
            "Criminal convictions and cautions must be reported to the Chief Executive, as they "
            "may have a bearing on your suitability for your role."
        ),
    ),
    rule(
        "EP-D2",
        [DISCLOSURE],
        "You have been told that the Independent Safeguarding Authority registration your "
        "post requires has been withdrawn",
        disclosing(DisclosureKind.SAFEGUARDING_REGISTRATION_WITHDRAWN),
        Outcome.DECLARE,
        route=[R.HR],
        deadline=ON_THE_DATE,
        cite="4.5",
        reason=(
            "You must notify Human Resources immediately if you are advised that your ISA "
            "registration has been withdrawn, as you may not continue working without it."
        ),
    ),
    rule(
        "EP-D3",
        [DISCLOSURE],
        "Acting as a witness in court for a service user when the court requires it",
        lambda f: (
            f.declaration.disclosure_kind is DisclosureKind.COURT_WITNESS
            and f.declaration.required_by_court
        ),
        Outcome.APPROVAL_REQUIRED,
        route=[R.DIRECTOR],
        deadline=ON_THE_DATE,
        cite="6.5",
        reason=(
            "You may act as a witness on behalf of a service user only when the court requires "
            "it and with the permission of your line Director, which you need before the hearing."
        ),
    ),
    rule(
        "EP-D4",
        [DISCLOSURE],
        "Acting as a witness in court for a service user when the court does not require it",
        lambda f: (
            f.declaration.disclosure_kind is DisclosureKind.COURT_WITNESS
            and not f.declaration.required_by_court
        ),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="6.5",
        reason=(
            "You should not act on behalf of a service user as a witness in court proceedings "
            "unless the court requires you to."
        ),
    ),
    rule(
        "EP-D5",
        [DISCLOSURE],
        "Using your official status to intervene in court matters or arrange a prison visit, "
        "other than for a service user",
        lambda f: (
            f.declaration.disclosure_kind is DisclosureKind.COURT_OR_PRISON_INTERVENTION
            and not f.declaration.for_service_user
        ),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="5.8",
        reason=(
            "You should not use your official status to intervene in court matters or arrange "
            "prison visits, other than for service users."
        ),
    ),
    rule(
        "EP-D6",
        [DISCLOSURE],
        "An improper approach: an offer of a reward, payment or other advantage in return for "
        "information, favour or influence",
        disclosing(DisclosureKind.IMPROPER_APPROACH),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        flags=[Flag.RECORD_ON_CONTACT_LOG],
        cite=["7.4", "8.6"],
        reason=(
            "Politely but firmly decline an improper approach, record it on the contact log and "
            "report the impropriety to your line manager."
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
            "and calendars worth less than the register's token limit (7.4).",
            "7.4",
        ),
        FormHint(
            "required_by_court",
            "Essex Probation: you may act as a witness for a service user only if the court "
            "requires it, and with the permission of your line Director (6.5).",
            "6.5",
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
        # An improper approach is declined like an inappropriate gift (7.4); acting as a
        # witness (6.5) or intervening (5.8) where the code forbids it must not go ahead.
        DispositionOption(
            Disposition.DECLINED,
            "Declined",
            "7.4",
            DISCLOSURES,
            hint="Essex Probation: record an improper approach on the contact log too (7.4).",
        ),
        DispositionOption(
            Disposition.NOT_GONE_AHEAD,
            "I have not gone ahead, or I have stopped",
            "6.5",
            DISCLOSURES,
        ),
    ),
)
VERSION = versioned(EDITION, DUTIES)
