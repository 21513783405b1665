"""The county council's Officers' Code of Conduct (Appendix 11).

Clauses are cited by number ("10.2") and the notes as "note-1". "MO" is the Assistant
Director for Legal and Governance acting as Monitoring Officer, who keeps the Register
of Officers' Interests (3.5, note 1).

Interpretations (policies/MATRIX_NOTES.md lists where the text overrides the matrix):

* A gift is a "token" when it is an item worth less than £25.00 (10.2: £25.00 or more
  is "highly unlikely to be viewed as a 'token'"); hospitality is a token below £25.00.
  Vouchers, loans, discounts and sponsorship are never tokens: 10.2 lists vouchers and
  special discounts among what must be refused, and 10.4 applies the gift principles
  to sponsorship. The contract's `token_item` does not make a £25 item a token.
* Money and bequests are caught by CC-G1 (11.1: "invariably endeavour to decline"),
  so CC-G2/CC-G3 cover the other non-token gifts and refusal that "might offend"
  never softens a cash gift or a bequest.
* Council-arranged staff discount schemes (10.2, 12.1) are not offers to declare.
* 16.3 restricts "becoming an elected member" without naming parish councils; like
  the matrix, a parish council candidacy is not treated as restricted.
* The register's token limit setting does not apply here: 10.2 gives its own £25.00.
* Deadlines: what must be told or approved "before" something is due on the day it
  happens: hospitality on the day it takes place (10.3 "before it is accepted", CC-H1;
  15.1 "before the travel takes place", CC-H4), outside work on the day it starts (4.3,
  4.5), a private tie with a contractor on the day the contract or work begins when that
  day is known (3.7, CC-R1). "Immediately" (11.1, 23.1, 23.2) and "without delay" (7.6)
  are due on the day of the offer or event. 3.5 "as soon as practicable" sets none.
* 3.6 and 3.7 are personal interests in Paragraph 3, so note 1 asks for them in writing
  to the Monitoring Officer for the Register of Officers' Interests (CC-R1, CC-R2).
* Disclosures: a charge, caution or conviction (23.1) and bail conditions that could
  affect the work (23.2) go to the line manager at once; bail conditions that could not
  get advice only. An arrest without bail conditions fires no rule. An improper approach
  (7.6) is declined and declared to the head of service or the director (either will
  do); a proposal to travel overseas on official business needs the Chief Executive's
  approval (15.1).
* Row CC-G2 is written as two rules with the same id because a discount also breaches
  12.1, so its citation depends on the gift's form.
"""

from __future__ import annotations

from decimal import Decimal

from .common import (
    CLOSE_TIES,
    CONTRACTOR_DONORS,
    CONTRACTORS,
    FELLOW_EMPLOYEES,
    JOB_APPLICANTS,
    close_tie_in_decision,
    over_48_hours_a_week,
    politically_restricted_activity,
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
    INTERESTS,
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
    DisclosureKind,
    Disposition,
    Employer,
    Flag,
    Nature,
    Outcome,
)
from .vocabulary import GiftForm as Form
from .vocabulary import Role as R

EMPLOYER = Employer.COUNTY_COUNCIL
NAME = "The county council's Officers' Code of Conduct"
# Changed by hand with the rules; VERSION (at the end) adds the duties' fingerprint.
EDITION = "2026.11"

TOKEN_LIMIT_GBP = Decimal("25.00")
TOKEN_LIMIT_CITE = "10.2"  # "£25.00 or more is highly unlikely to be viewed as a token"
SPINAL_POINT_NEEDING_CONSENT = 29

MONEY_OR_BEQUEST = frozenset({Form.CASH, Form.BEQUEST})
PRIVATE_TIES = CLOSE_TIES | {Nature.SOCIAL}  # 3.7: "a private or domestic relationship"
FELLOW_EMPLOYEES_AND_APPLICANTS = FELLOW_EMPLOYEES | JOB_APPLICANTS
# 23.1: "charged with or cautioned or convicted of any criminal offence".
CHARGES_CAUTIONS_AND_CONVICTIONS = frozenset(
    {DisclosureKind.CRIMINAL_CHARGE, DisclosureKind.CAUTION, DisclosureKind.CONVICTION}
)


def _token_gift(f: Facts) -> bool:
    return f.declaration.value_gbp < TOKEN_LIMIT_GBP and f.declaration.form is Form.ITEM


def _money_or_bequest(f: Facts) -> bool:
    return f.declaration.form in MONEY_OR_BEQUEST


def _gift_to_refuse(f: Facts) -> bool:
    """Not a token, and not money or a bequest (those are CC-G1's)."""
    return not _token_gift(f) and not _money_or_bequest(f)


def _token_hospitality(f: Facts) -> bool:
    return f.declaration.value_gbp < TOKEN_LIMIT_GBP


def _bail_conditions(f: Facts) -> bool:
    return f.declaration.disclosure_kind is DisclosureKind.BAIL_CONDITIONS


def _official_relationship(f: Facts) -> bool:
    """3.7: you engage or supervise them, or have any other official relationship."""
    return f.declaration.professional_responsibility or f.declaration.involved_in_decision


NOTIFY_THE_MO = (
    "notify the offer in writing to the Assistant Director for Legal and Governance "
    "(the Monitoring Officer) for the Register of Officers' Interests"
)

RULES: tuple[Rule, ...] = (
    rule(
        "CC-G1",
        [GIFT],
        "A gift of money or a bequest",
        _money_or_bequest,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        flags=[Flag.REPORT_IF_BEQUEST_MADE],
        written=True,
        deadline=ON_THE_DATE,
        cite=["11.1", "note-1"],
        reason=(
            "The county council does not allow you to accept money or bequests in connection "
            "with your work: decline, advise your line manager immediately (also if a bequest "
            f"is made without your knowledge) and {NOTIFY_THE_MO}."
        ),
    ),
    rule(
        "CC-G2",
        [GIFT],
        "A gift that is not a token (an item worth £25.00 or more, a voucher, a loan or "
        "sponsorship), other than money or a bequest, where refusal would not offend",
        lambda f: (
            _gift_to_refuse(f)
            and f.declaration.form is not Form.DISCOUNT
            and not f.declaration.refusal_would_offend
        ),
        Outcome.PROHIBITED,
        route=[R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite=["10.2", "note-1"],
        reason=(
            "Apart from minor tokens worth under £25, all gifts, vouchers, fees, rewards or "
            f"preferential treatment must be refused: refuse it and {NOTIFY_THE_MO}."
        ),
    ),
    rule(
        "CC-G2",
        [GIFT],
        "A special discount, where refusal would not offend",
        lambda f: (
            _gift_to_refuse(f)
            and f.declaration.form is Form.DISCOUNT
            and not f.declaration.refusal_would_offend
        ),
        Outcome.PROHIBITED,
        route=[R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite=["10.2", "note-1", "12.1"],
        reason=(
            "You must not accept special discounts, preferential rates or reductions because "
            f"of an organisation's dealings with the council: refuse it and {NOTIFY_THE_MO}."
        ),
    ),
    rule(
        "CC-G3",
        [GIFT],
        "A gift that is not a token, other than money or a bequest, where refusal is "
        "difficult or might offend",
        lambda f: _gift_to_refuse(f) and f.declaration.refusal_would_offend,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite=["10.2", "note-1"],
        reason=(
            "Where refusing a gift is difficult or might offend, you must inform your line "
            f"manager, who will decide on the appropriate action, and {NOTIFY_THE_MO}."
        ),
    ),
    rule(
        "CC-G4",
        [GIFT],
        "A token gift: an item worth less than £25.00",
        _token_gift,
        Outcome.NO_ACTION,
        cite="10.2",
        reason=(
            "Minor token gifts worth under £25, such as diaries and calendars, are normal "
            "courtesies and need not be notified; in case of doubt, consult your line manager."
        ),
    ),
    rule(
        "CC-G5",
        [GIFT],
        "A token gift, to an officer dealing with procurement or regulatory matters, from a "
        "contractor, potential contractor or supplier or from a donor with a decision pending",
        lambda f: (
            _token_gift(f)
            and f.officer.procurement_or_regulatory_role
            and (
                f.declaration.donor_category in CONTRACTOR_DONORS
                or f.declaration.donor_has_pending_decision
            )
        ),
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        flags=[Flag.TIMING_SENSITIVE],
        cite="10.2",
        reason=(
            "When you deal with regulatory or procurement matters it would usually be "
            "inappropriate to receive even a token gift from involved parties: consult your "
            "line manager."
        ),
    ),
    rule(
        "CC-H1",
        [HOSPITALITY],
        "Hospitality justified in the public interest (a genuine need to represent the council)",
        lambda f: f.declaration.represents_employer,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        deadline=ON_THE_EVENT_DATE,
        cite="10.3",
        reason=(
            "Hospitality must be justified in the public interest, such as a genuine need to "
            "represent the council, and you must inform your line manager before accepting it."
        ),
    ),
    rule(
        "CC-H1b",
        [HOSPITALITY],
        "Hospitality not justified in the public interest (no need to represent the council)",
        lambda f: not f.declaration.represents_employer,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="10.3",
        reason=(
            "Accepting hospitality must be justified in the public interest, such as a genuine "
            "need to represent the council; without that, decline it and tell your line manager."
        ),
    ),
    rule(
        "CC-H2",
        [HOSPITALITY],
        "Hospitality worth £25.00 or more (not a token)",
        lambda f: not _token_hospitality(f),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite="note-1",
        reason=(
            "Hospitality worth £25 or more is not a minor token: notify it in writing to the "
            "Monitoring Officer, who will register it and make sure your line manager is told."
        ),
    ),
    rule(
        "CC-H3",
        [HOSPITALITY],
        "Hospitality from someone with a purchase, contract, application or other decision "
        "pending with the council",
        lambda f: f.declaration.donor_has_pending_decision,
        None,
        flags=[Flag.TIMING_SENSITIVE],
        cite="10.3",
        reason=(
            "The timing of this offer matters as much as its generosity, because the host has "
            "a purchase, contract, application or other decision pending with the council."
        ),
    ),
    rule(
        "CC-H4",
        [HOSPITALITY],
        "Hospitality abroad on official business (travel overseas to represent the council)",
        lambda f: f.declaration.represents_employer and f.declaration.overseas,
        Outcome.APPROVAL_REQUIRED,
        route=[R.CHIEF_EXECUTIVE],
        deadline=ON_THE_EVENT_DATE,
        cite="15.1",
        reason=(
            "Any proposal to travel overseas on official business must be approved by the Chief "
            "Executive before the travel takes place."
        ),
    ),
    rule(
        "CC-I1",
        [INTEREST],
        "A direct or indirect pecuniary interest in a contract or proposed contract with the "
        "council",
        lambda f: f.declaration.pecuniary_interest_in_contract,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite=["3.5", "note-1"],
        reason=(
            "You must advise the Assistant Director for Legal and Governance in writing of any "
            "pecuniary interest in a contract or proposed contract as soon as practicable, so "
            "that it is recorded in the Register of Officers' Interests."
        ),
    ),
    rule(
        "CC-I2",
        [INTEREST],
        "An interest of yours, your spouse's or partner's, a relative's or a close friend's "
        "in a body doing or seeking business, grants or funding with the council",
        lambda f: f.declaration.org_does_business_with_employer,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite=["3.3", "note-1"],
        reason=(
            "You must advise your line manager in writing, and notify the Monitoring Officer, "
            "when you or your spouse, partner, relative or close friend has a connection with an "
            "organisation doing or seeking business or funding with the council."
        ),
    ),
    rule(
        "CC-I3",
        [INTEREST],
        "Any other interest that could conflict with the council's, or that is affected by a "
        "matter you deal with as an officer",
        lambda f: (
            (f.declaration.could_conflict or f.declaration.involved_in_related_matter)
            and not f.declaration.pecuniary_interest_in_contract
            and not f.declaration.org_does_business_with_employer
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite=["3.3", "note-1"],
        reason=(
            "You must advise your line manager in writing of anything that could give the "
            "impression you are acting for personal gain or in another's interests, and notify "
            "the Monitoring Officer of this potential conflict."
        ),
    ),
    rule(
        "CC-I4",
        [INTEREST],
        "You deal as an officer with a matter that affects this interest",
        lambda f: f.declaration.involved_in_related_matter,
        None,
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="3.4",
        reason=(
            "Avoid being involved as an officer in matters that affect this interest so much "
            "that it is likely to prejudice your judgement."
        ),
    ),
    rule(
        "CC-W1",
        [OUTSIDE_WORK],
        "Any outside work, paid or unpaid, voluntary activities included",
        lambda f: True,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        deadline=ON_THE_DATE,
        cite=["4.2", "4.3"],
        reason=(
            "You must advise your line manager before engaging in any other work, paid or "
            "voluntary, so the council can check for conflicts of interest and for your safety."
        ),
    ),
    rule(
        "CC-W2",
        [OUTSIDE_WORK],
        "Outside work by an officer paid on spinal column point 29 or above",
        lambda f: (
            f.officer.spinal_column_point is not None
            and f.officer.spinal_column_point >= SPINAL_POINT_NEEDING_CONSENT
        ),
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER, R.CHIEF_OFFICER],
        written=True,
        deadline=ON_THE_DATE,
        cite="4.3",
        reason=(
            "Officers on spinal column point 29 or above need the written consent of their "
            "chief officer before outside work."
        ),
    ),
    rule(
        "CC-W3",
        [OUTSIDE_WORK],
        "Outside work using council premises, equipment, working time or other resources",
        lambda f: f.declaration.uses_employer_resources or f.declaration.during_working_hours,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="4.1",
        reason=(
            "Council premises, equipment, working time or other resources must not be used to "
            "undertake private work."
        ),
    ),
    rule(
        "CC-W4",
        [OUTSIDE_WORK],
        "Private work that your normal duties or your service area would otherwise cover",
        lambda f: f.declaration.overlaps_normal_duties,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="4.4",
        reason=(
            "You must not undertake private work that would otherwise be done as part of your "
            "normal duties or by the service area in which you work."
        ),
    ),
    rule(
        "CC-W5",
        [OUTSIDE_WORK],
        "Private work while on sick leave",
        lambda f: f.declaration.during_sick_leave,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        written=True,
        deadline=ON_THE_DATE,
        cite="4.5",
        reason=(
            "You must not undertake private work on sick leave without your line manager's "
            "express knowledge and prior written approval, subject to medical advice."
        ),
    ),
    rule(
        "CC-W6",
        [OUTSIDE_WORK],
        "Private work for a council department or establishment during paid leave or suspension",
        lambda f: f.declaration.during_leave_or_suspension_for_employer,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="4.6",
        reason=(
            "You must not undertake private work for any county council department or "
            "establishment during a period of paid leave or suspension."
        ),
    ),
    rule(
        "CC-W7",
        [OUTSIDE_WORK],
        "Outside work that could conflict with the council's interests",
        lambda f: f.declaration.conflicts_with_duties,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="4.2",
        reason=(
            "You must not put yourself in a position where outside work creates an actual or "
            "perceived conflict of interests with council business."
        ),
    ),
    rule(
        "CC-W8",
        [OUTSIDE_WORK],
        "Contracted hours plus outside work exceed 48 hours a week",
        over_48_hours_a_week,
        None,
        flags=[Flag.HOURS_EXCEED_48],
        cite="4.2",
        reason=(
            "Your total working hours would exceed 48 a week, and outside work that reduces your "
            "ability to work safely and effectively, for example through tiredness, is "
            "unacceptable."
        ),
    ),
    rule(
        "CC-W9",
        [OUTSIDE_WORK],
        "A politically restricted post holder standing for election (other than to a parish "
        "council), holding party office, canvassing or publicly supporting a party",
        politically_restricted_activity,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="16.3",
        reason=(
            "In a politically restricted post your political activities, such as becoming an "
            "elected member, holding party office, canvassing or publicly supporting a party, "
            "are restricted."
        ),
    ),
    rule(
        "CC-R1",
        [RELATIONSHIP],
        "A private or domestic relationship with a contractor, potential contractor or "
        "supplier (or their staff) whom you engage, supervise or otherwise deal with officially",
        lambda f: (
            f.declaration.with_whom in CONTRACTORS
            and f.declaration.nature in PRIVATE_TIES
            and _official_relationship(f)
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        deadline=ON_THE_EVENT_DATE,
        cite=["3.7", "note-1"],
        reason=(
            "If you engage or supervise a contractor or have any other official relationship "
            "with them, you must tell your line manager about a private or domestic relationship "
            "with them or their staff before any contract begins or work is done, and notify it "
            "in writing to the Monitoring Officer for the Register of Officers' Interests."
        ),
    ),
    rule(
        "CC-R2",
        [RELATIONSHIP],
        "Personal dealings of a business or private nature with an existing or potential "
        "contractor or supplier",
        lambda f: f.declaration.with_whom in CONTRACTORS,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        written=True,
        cite=["3.6", "note-1"],
        reason=(
            "You must advise your line manager of any personal dealings of a business or "
            "private nature with existing or potential suppliers, consultants or contractors, "
            "and notify them in writing to the Monitoring Officer for the Register of Officers' "
            "Interests."
        ),
    ),
    rule(
        "CC-R3",
        [RELATIONSHIP],
        "A family, intimate or close-friend relationship with an applicant or fellow employee "
        "whose appointment, promotion, discipline or other employment decision you would "
        "take part in",
        lambda f: close_tie_in_decision(f, FELLOW_EMPLOYEES_AND_APPLICANTS),
        Outcome.DECLARE,
        route=[R.HR],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="19.1",
        reason=(
            "You should not be directly involved in an appointment, promotion, discipline or "
            "other employment decision about someone you are related or close to: seek the "
            "advice of your Human Resources Manager."
        ),
    ),
    rule(
        "CC-D1",
        [DISCLOSURE],
        "You are charged with, cautioned for or convicted of a criminal offence",
        lambda f: f.declaration.disclosure_kind in CHARGES_CAUTIONS_AND_CONVICTIONS,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        deadline=ON_THE_DATE,
        cite="23.1",
        reason=(
            "You must advise your line manager immediately if you are charged with, cautioned "
            "for or convicted of any criminal offence."
        ),
    ),
    rule(
        "CC-D2",
        [DISCLOSURE],
        "You are released on bail with conditions that could have consequences for your work",
        lambda f: _bail_conditions(f) and f.declaration.bail_conditions_affect_work,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        deadline=ON_THE_DATE,
        cite="23.2",
        reason=(
            "You must advise your line manager immediately of bail conditions that could have "
            "consequences for your work, since failing to report them is serious misconduct."
        ),
    ),
    rule(
        "CC-D3",
        [DISCLOSURE],
        "You are released on bail with conditions that could not affect your work",
        lambda f: _bail_conditions(f) and not f.declaration.bail_conditions_affect_work,
        Outcome.NO_ACTION,
        cite="23.2",
        reason=(
            "The code asks you to report only bail conditions that could have consequences "
            "for your work, but if you are in any doubt, especially where safeguarding could "
            "be an issue, discuss them with your line manager or HR adviser."
        ),
    ),
    rule(
        "CC-D4",
        [DISCLOSURE],
        "An approach or offer asking for information that could help others gain a contract, "
        "grant or other advantage from the council",
        lambda f: f.declaration.disclosure_kind is DisclosureKind.IMPROPER_APPROACH,
        Outcome.PROHIBITED,
        route=[R.HEAD_OF_SERVICE, R.DIRECTOR],
        deadline=ON_THE_DATE,
        cite="7.6",
        reason=(
            "You must decline the approach or offer and declare it without delay to your head "
            "of service or your director (either will do)."
        ),
    ),
    rule(
        "CC-D5",
        [DISCLOSURE],
        "A proposal to travel overseas on official business",
        lambda f: f.declaration.disclosure_kind is DisclosureKind.OVERSEAS_TRAVEL,
        Outcome.APPROVAL_REQUIRED,
        route=[R.CHIEF_EXECUTIVE],
        deadline=ON_THE_DATE,
        cite="15.1",
        reason=(
            "Any proposal to travel overseas on official business must be approved by the Chief "
            "Executive before the travel takes place."
        ),
    ),
)


# --- duties beyond the rules (policies/duties.py) ---------------------------------------

TOKEN_LIMIT_WORDS = f"£{TOKEN_LIMIT_GBP:.0f}"  # "£25"

DUTIES = Duties(
    registers=(
        NamedRegister(
            slug="county-council-officers-interests",
            title="Register of Officers' Interests",
            cite="note-1",
            keeper_words=(
                "the Assistant Director for Legal and Governance (the monitoring officer)"
            ),
            summary=(
                "Interests, and anything else the code asks the Assistant Director for Legal "
                "and Governance to record (3.5 and note 1)."
            ),
            entries=(
                Entries(types=INTERESTS),
                Entries(register_keepers=frozenset({R.MONITORING_OFFICER})),
            ),
            kept_by=Keeper(R.MONITORING_OFFICER),
        ),
    ),
    annual_return=None,
    interest_reviews=None,
    form_hints=(
        FormHint(
            "token_item",
            "The county council: simple items such as diaries and calendars given out as "
            f"advertising; a gift worth {TOKEN_LIMIT_WORDS} or more is not a token (10.2).",
            "10.2",
        ),
        FormHint(
            "value_gbp",
            f"The county council: a gift worth {TOKEN_LIMIT_WORDS} or more is not a token (10.2).",
            "10.2",
        ),
        FormHint(
            "donor_has_pending_decision",
            "The county council: timing matters as much as generosity, for example around "
            "contract awards or applications (10.3).",
            "10.3",
        ),
        FormHint(
            "represents_employer",
            "The county council: accepting hospitality must be justified in the public "
            "interest, such as a genuine need to represent the council (10.3).",
            "10.3",
        ),
        FormHint(
            "overseas",
            "The county council: travel overseas on official business must be approved by the "
            "Chief Executive before it takes place (15.1).",
            "15.1",
        ),
        FormHint(
            "bail_conditions_affect_work",
            "The county council: if you are in any doubt whether bail conditions could affect "
            "your work, discuss it with your line manager or HR adviser (23.2).",
            "23.2",
        ),
        FormHint(
            "hours_per_week",
            "The county council: tell us if, with your job here, you would work more than "
            "48 hours a week (4.2).",
            "4.2",
        ),
        FormHint(
            "during_sick_leave",
            "The county council: on sick leave you need your line manager's prior written "
            "approval (4.5).",
            "4.5",
        ),
    ),
    deadlines=deadlines_in(RULES),
    # 10.2: gifts and hospitality beyond tokens "must be refused"; where refusal is
    # difficult or might offend, the line manager decides what is done with them.
    dispositions=(
        DispositionOption(Disposition.DECLINED, "Refused", "10.2", GIFTS_AND_HOSPITALITY),
        *general_dispositions("10.2", "the county council"),
        *not_gone_ahead(outside_work="4.1", interest="3.3", relationship="3.6"),
        # 7.6: "You must decline any approaches or offers made asking for information".
        DispositionOption(Disposition.DECLINED, "Declined", "7.6", DISCLOSURES),
    ),
)
VERSION = versioned(EDITION, DUTIES)
