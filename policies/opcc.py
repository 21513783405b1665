"""Office of the Police and Crime Commissioner: Code of Conduct for Employees.

Rows OP-G1..OP-D3 of the policy matrix (2026-11), checked clause by clause against the
code's text (shared/codes/opcc.txt). Where the text and the matrix differ the text
wins; the differences are listed under "opcc" in policies/MATRIX_NOTES.md. In short:

* OP-H2: "refusal may cause unnecessary offence" (15.2) justifies only purely social or
  sporting functions; any other hospitality needs a genuine need to impart information
  or represent the OPCC.
* OP-I4: 8.4 covers interests of the employee "or any close relative", so not those of
  a close friend (a spouse or partner counts as a close relative).

Interpretations (readings of the text that are not disagreements):

* A "gift of token value ... of use in the work situation e.g. calendars, pens and
  diaries" (15.4) is the contract's token: a token item of form `item` worth less than
  the register's token limit (`token_under_setting`; 15.4 gives no figure, so the
  monitoring officer's setting applies, £25.00 unless changed). Cash, vouchers, loans,
  bequests, discounts and sponsorship are never tokens, and neither is a token item
  worth the limit or more. OP-G4, OP-G5 and OP-G6 say the figure they used.
* Deadlines: hospitality needing "consent in advance" (15.10, OP-H1) or to be
  "authorised in advance" (15.2, OP-H2) is due on the day it takes place (`event_date`).
  8.4 "as soon as they become aware" sets none (the declaration's `date` is not the day
  the officer became aware), and no other OPCC clause names a time.
* The code uses "manager/immediate supervisor" throughout: that is the line manager.
* 15.4 bars personal gifts from "contractors, outside suppliers or members of the
  public": potential contractors (15.1: bodies that "may in the future have dealings")
  and service users (members of the public the OPCC serves) are read as included.
* Cash and vouchers are "cash or monetary gifts" (15.7); a bequest makes the officer
  "a beneficiary in a client's will" (15.7).
* A donor with a decision pending (15.8) is a case where "suggestions of improper
  motives" could be inferred, so the offer must be refused (15.9).
* 7.1 asks employees to discuss outside commitments with their manager: the register
  reads every outside commitment as declared to the line manager.
* Sponsorship (16.1, 16.2): OP-S1 declares every sponsorship to the line manager, who
  keeps a formal record, whoever sponsors (`sponsor`): 16.2 asks that for the OPCC's own
  sponsorship, and the hospitality conventions 16.1 applies to an outside body's include
  15.2's formal record. The gift rules apply as well (16.1), so a contractor's
  sponsorship is refused (OP-G4).
* 6.4 covers decisions about "any other employee", so a senior officer too (OP-R3).
* 6.2: the applicant declares on the form a relation to "a senior officer of the OPCC",
  read as an officer at or above head of service; that officer takes no part in the
  selection whether or not they would otherwise (OP-R4). "Related" is nature `family`.
* Disclosures: an improper approach is refused (13.1: corruptly receiving any gift or
  advantage is "a serious criminal offence") and reported to the line manager, the Chief
  Executive or the Monitoring Officer, any of whom will do (2.4, OP-D1). Being canvassed
  for an appointment is reported to the manager, who liaises with the Chief Executive
  (6.3, OP-D2). A business of a current or former employee in a contract award asks only
  that no special favour be shown (12.3, OP-D3). The code has no clause on an officer's
  own charges, cautions or convictions: those fire no rule (policy-matrix.md, "When
  nothing fires").
* The code names no register: formal records are kept by the line manager where the
  code says the manager "will maintain a formal record" (15.2, 15.7, 16.2).
"""

from __future__ import annotations

from .common import (
    CONTRACTOR_DONORS,
    CONTRACTORS,
    FELLOW_EMPLOYEES,
    JOB_APPLICANTS,
    MONEY,
    close_tie_in_decision,
    corporate_conference,
    disclosing,
    personal_gift,
    token_under_setting,
)
from .core import (
    DISCLOSURE,
    GIFT,
    HOSPITALITY,
    INTEREST,
    ON_THE_EVENT_DATE,
    OUTSIDE_WORK,
    RELATIONSHIP,
    Rule,
    rule,
)
from .duties import (
    DISCLOSURES,
    GIFTS,
    HOSPITALITY_ONLY,
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
    HeldBy,
    HospitalityKind,
    InterestKind,
    Level,
    Nature,
    Outcome,
    WithWhom,
)
from .vocabulary import GiftForm as Form
from .vocabulary import Role as R

EMPLOYER = Employer.OPCC
NAME = "The OPCC's Code of Conduct for Employees"
# Changed by hand with the rules; VERSION (at the end) adds the duties' fingerprint.
EDITION = "2026.11"

# 15.4: "contractors, outside suppliers or members of the public" (service users too).
DONORS_BARRED = CONTRACTOR_DONORS | {DonorCategory.SERVICE_USER, DonorCategory.MEMBER_OF_PUBLIC}
SELF_OR_CLOSE_RELATIVE = frozenset({HeldBy.SELF, HeldBy.SPOUSE_OR_PARTNER, HeldBy.RELATIVE})
# 6.2: "a senior officer of the OPCC".
SENIOR_OFFICER_LEVEL = Level.HEAD_OF_SERVICE


def _token(f: Facts) -> bool:
    """15.4 "gifts of token value which are of use in the work situation": an item worth
    less than the register's token limit."""
    return token_under_setting(f, EMPLOYER)


def _personal_gift_from_barred_donor(f: Facts) -> bool:
    """15.4: a personal gift, not a token, from a contractor, supplier or the public."""
    return personal_gift(f) and f.declaration.donor_category in DONORS_BARRED and not _token(f)


def _relative_of_senior_officer_applies(f: Facts) -> bool:
    """6.2: a job applicant related to the officer, who is a senior officer of the OPCC."""
    return (
        f.declaration.with_whom is WithWhom.JOB_APPLICANT
        and f.declaration.nature is Nature.FAMILY
        and f.officer.at_or_above(SENIOR_OFFICER_LEVEL)
    )


def _justified_hospitality(f: Facts) -> bool:
    """15.2: a genuine need to represent the OPCC, or a social or sporting function whose
    refusal may cause unnecessary offence."""
    return f.declaration.represents_employer or (
        f.declaration.hospitality_kind is HospitalityKind.SOCIAL_OR_SPORTING
        and f.declaration.refusal_would_offend
    )


RULES: tuple[Rule, ...] = (
    rule(
        "OP-G1",
        [GIFT],
        "A cash or monetary gift (cash or voucher)",
        lambda f: f.declaration.form in MONEY,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        register_keeper=R.LINE_MANAGER,
        cite="15.7",
        reason=(
            "All cash or monetary gifts must be respectfully declined and brought to the "
            "attention of your manager, who makes a formal record."
        ),
    ),
    rule(
        "OP-G2",
        [GIFT],
        "A bequest (being a beneficiary in a client's will)",
        lambda f: f.declaration.form is Form.BEQUEST,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        register_keeper=R.LINE_MANAGER,
        cite="15.7",
        reason=(
            "You must not be a beneficiary in a client's will: respectfully decline and tell "
            "your manager, who makes a formal record."
        ),
    ),
    rule(
        "OP-G3",
        [GIFT],
        "A gift received directly and without warning",
        lambda f: f.declaration.received_without_warning,
        Outcome.APPROVAL_REQUIRED,
        route=[R.MONITORING_OFFICER],
        flags=[Flag.RETURN_OR_HAND_OVER],
        cite="15.6",
        reason=(
            "Report a gift received without warning to the Monitoring Officer, who decides "
            "whether it is declined and returned; hand over any gift that cannot be returned."
        ),
    ),
    rule(
        "OP-G4",
        [GIFT],
        "A personal gift that is not a token (a token item of form item worth less than the "
        "register's token limit) from a contractor, potential contractor, supplier, service "
        "user or member of the public",
        _personal_gift_from_barred_donor,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        uses_token_limit=True,
        cite="15.4",
        reason=(
            "You must not accept personal gifts from contractors, outside suppliers or members "
            "of the public, other than token gifts of use at work such as calendars, pens and "
            "diaries worth less than {token_limit}."
        ),
    ),
    rule(
        "OP-G5",
        [GIFT],
        "A token of use at work (a calendar, pen or diary: a token item of form item worth "
        "less than the register's token limit)",
        _token,
        Outcome.NO_ACTION,
        uses_token_limit=True,
        cite="15.4",
        reason=(
            "Gifts of token value that are of use at work, such as calendars, pens and diaries "
            "worth less than {token_limit}, may be accepted."
        ),
    ),
    rule(
        "OP-G6",
        [GIFT],
        "Any other gift that is not a token (other donors, or accepted for the OPCC), not "
        "cash, a voucher or a bequest",
        lambda f: (
            not _token(f)
            and f.declaration.form not in MONEY
            and f.declaration.form is not Form.BEQUEST
            and not _personal_gift_from_barred_donor(f)
        ),
        Outcome.NO_ACTION,
        uses_token_limit=True,
        cite=["15.1", "15.5"],
        reason=(
            "This gift is not a token (an item of use at work worth less than {token_limit}) "
            "and the code asks for nothing more, but gifts from anyone who has or may have "
            "dealings with the OPCC invite suspicion: if in any doubt, decline tactfully but "
            "politely."
        ),
    ),
    rule(
        "OP-S1",
        [GIFT],
        "Sponsorship: an outside body sponsoring OPCC activity, or you or your family "
        "benefiting from OPCC sponsorship",
        lambda f: f.declaration.form is Form.SPONSORSHIP,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        register_keeper=R.LINE_MANAGER,
        cite=["16.1", "16.2"],
        reason=(
            "Sponsorship follows the rules for gifts and hospitality, and any benefit to you, a "
            "partner, spouse or relative needs full disclosure to your manager, who keeps a "
            "formal record."
        ),
    ),
    rule(
        "OP-G7",
        [GIFT, HOSPITALITY],
        "The donor has a contract, tender or other decision pending with the OPCC",
        lambda f: f.declaration.donor_has_pending_decision,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        flags=[Flag.TIMING_SENSITIVE],
        cite=["15.8", "15.9"],
        reason=(
            "Gifts or hospitality must be refused where improper motives could be inferred, as "
            "when the OPCC has a decision pending that affects the donor."
        ),
    ),
    rule(
        "OP-H1",
        [HOSPITALITY],
        "Corporate hospitality at a relevant conference or course",
        corporate_conference,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        deadline=ON_THE_EVENT_DATE,
        cite="15.10",
        reason=(
            "Hospitality at a conference or course is acceptable when it is corporate, the OPCC "
            "consents in advance and no purchasing decision is compromised."
        ),
    ),
    rule(
        "OP-H2",
        [HOSPITALITY],
        "Other hospitality with a genuine need to represent the OPCC or impart information, "
        "or a social or sporting function whose refusal may cause unnecessary offence",
        lambda f: not corporate_conference(f) and _justified_hospitality(f),
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        register_keeper=R.LINE_MANAGER,
        deadline=ON_THE_EVENT_DATE,
        cite="15.2",
        reason=(
            "Hospitality must be authorised in advance by your manager, who keeps a formal record."
        ),
    ),
    rule(
        "OP-H3",
        [HOSPITALITY],
        "Other hospitality with no genuine need to represent the OPCC or impart information "
        "(purely social)",
        lambda f: not corporate_conference(f) and not _justified_hospitality(f),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="15.2",
        reason=(
            "Only accept hospitality if there is a genuine need to impart information or "
            "represent the OPCC in the community."
        ),
    ),
    rule(
        "OP-I1",
        [INTEREST],
        "A financial interest that could conflict with the OPCC's interests",
        lambda f: (
            f.declaration.interest_kind is InterestKind.FINANCIAL and f.declaration.could_conflict
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="8.2",
        reason=(
            "You must declare to your manager any financial interests which could conflict "
            "with the OPCC's interests."
        ),
    ),
    rule(
        "OP-I2",
        [INTEREST],
        "A non-financial or voluntary interest that could conflict with the OPCC's interests",
        lambda f: (
            f.declaration.interest_kind is InterestKind.NON_FINANCIAL
            and f.declaration.could_conflict
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="8.1",
        reason=(
            "You must declare to your manager any non-financial or voluntary interests that "
            "could conflict with the OPCC's interests."
        ),
    ),
    rule(
        "OP-I3",
        [INTEREST],
        "Membership of a body not open to the public, with allegiance and secrecy",
        lambda f: f.declaration.interest_kind is InterestKind.SECRET_SOCIETY,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="8.3",
        reason=(
            "You must declare to your manager membership of any organisation not open to the "
            "public which has a commitment of allegiance and secrecy about its rules."
        ),
    ),
    rule(
        "OP-I4",
        [INTEREST],
        "You deal with a matter or application in which you or a close relative has an interest",
        lambda f: (
            f.declaration.involved_in_related_matter
            and f.declaration.held_by in SELF_OR_CLOSE_RELATIVE
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="8.4",
        reason=(
            "You must not process an application or matter in which you or a close relative "
            "have a personal interest, and must tell your manager as soon as you become aware."
        ),
    ),
    rule(
        "OP-W1",
        [OUTSIDE_WORK],
        "Any outside commitment",
        lambda f: True,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="7.1",
        reason="Discuss any potential issues from outside commitments with your manager.",
    ),
    rule(
        "OP-W2",
        [OUTSIDE_WORK],
        "An outside commitment that conflicts with the OPCC's interests",
        lambda f: f.declaration.conflicts_with_duties,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="7.1",
        reason="You must not take outside commitments which conflict with the OPCC's interests.",
    ),
    rule(
        "OP-W3",
        [OUTSIDE_WORK],
        "Outside work that uses the OPCC's facilities, equipment or other property",
        lambda f: f.declaration.uses_employer_resources,
        Outcome.APPROVAL_REQUIRED,
        route=[R.CHIEF_EXECUTIVE],
        cite=["11.1", "11.3"],
        reason=(
            "OPCC facilities are not for private use without express permission from the "
            "Chief Executive, and any additional costs must be reimbursed."
        ),
    ),
    rule(
        "OP-R1",
        [RELATIONSHIP],
        "A business or private relationship with a contractor, potential contractor or supplier",
        lambda f: f.declaration.with_whom in CONTRACTORS,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="5.2",
        reason=(
            "All relationships of a business or private nature with contractors or potential "
            "contractors must be declared to your manager."
        ),
    ),
    rule(
        "OP-R2",
        [RELATIONSHIP],
        "A relative or close personal relationship with a job applicant whose selection you "
        "would take part in",
        lambda f: close_tie_in_decision(f, JOB_APPLICANTS),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="6.1",
        reason=(
            "You must not be involved in any stage of selection or recruitment for an applicant "
            "you are related to or have a close personal relationship with."
        ),
    ),
    rule(
        "OP-R3",
        [RELATIONSHIP],
        "A relative, partner or close friend who is another employee, where you would take "
        "part in a decision on their discipline, promotion or pay",
        lambda f: close_tie_in_decision(f, FELLOW_EMPLOYEES),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="6.4",
        reason=(
            "You must not be involved in decisions on discipline, promotion or pay for another "
            "employee who is a relative, partner or similar."
        ),
    ),
    rule(
        "OP-R4",
        [RELATIONSHIP],
        "A relative applies for a job, and you are a senior officer of the OPCC (head of "
        "service or above), whether or not you would take part in the selection",
        _relative_of_senior_officer_applies,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="6.2",
        reason=(
            "Where an applicant declares that they are related to you as a senior officer of "
            "the OPCC, you should not take any part in the selection process."
        ),
    ),
    rule(
        "OP-D1",
        [DISCLOSURE],
        "An improper approach: an offer of a gift, payment, reward or advantage for "
        "information, favour or influence",
        disclosing(DisclosureKind.IMPROPER_APPROACH),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER, R.CHIEF_EXECUTIVE, R.MONITORING_OFFICER],
        cite=["2.4", "13.1"],
        reason=(
            "Corruptly receiving any gift, payment, reward or advantage is a serious criminal "
            "offence: refuse it and report the impropriety to your line manager, the Chief "
            "Executive or the Monitoring Officer, any one of whom will do."
        ),
    ),
    rule(
        "OP-D2",
        [DISCLOSURE],
        "You are involved in an appointment and are canvassed by a candidate or on their behalf",
        disclosing(DisclosureKind.CANVASSED),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.CHIEF_EXECUTIVE],
        cite="6.3",
        reason=(
            "If you are canvassed by or for a candidate in an appointment you are involved in, "
            "report the approach to your manager, who will liaise with the Chief Executive on "
            "the action to take."
        ),
    ),
    rule(
        "OP-D3",
        [DISCLOSURE],
        "A business run by, or employing in a senior role, a current or former employee (or "
        "their partner, close relative or associate) is in a contract award you deal with",
        disclosing(DisclosureKind.FORMER_OFFICER_BUSINESS),
        Outcome.NO_ACTION,
        cite="12.3",
        reason=(
            "The code asks no one to be told, but you must ensure that no special favour is "
            "shown to current or former employees, or their partners, close relatives or "
            "associates, in awarding contracts to businesses run by them or employing them."
        ),
    ),
)


# --- duties beyond the rules (policies/duties.py) ---------------------------------------

DUTIES = Duties(
    registers=(line_manager_records("opcc-line-manager-records", cite="15.2"),),
    annual_return=None,
    interest_reviews=None,
    form_hints=(
        FormHint(
            "token_item",
            "The OPCC: gifts of token value that are of use at work, such as calendars, "
            "pens and diaries (15.4): an item worth less than the register's token limit.",
            "15.4",
        ),
        FormHint(
            "donor_has_pending_decision",
            "The OPCC: be particularly sensitive to timing, for example when contracts "
            "are being let (15.8).",
            "15.8",
        ),
        FormHint(
            "represents_employer",
            "The OPCC: only where there is a genuine need to impart information or "
            "represent the OPCC (15.2).",
            "15.2",
        ),
        FormHint(
            "corporate",
            "The OPCC: conference and course hospitality needs consent in advance (15.10).",
            "15.10",
        ),
        FormHint(
            "interest_kind",
            "The OPCC: declare membership of any body not open to the public that has an "
            "oath of allegiance and secrecy about its rules (8.3).",
            "8.3",
        ),
    ),
    deadlines=deadlines_in(RULES),
    # 15.5 to 15.7 say how a gift is declined, returned or handed over; 15.3 how
    # hospitality is declined; the rest are the OPCC's concern (15.1).
    dispositions=(
        DispositionOption(Disposition.DECLINED, "Declined", "15.5", GIFTS),
        DispositionOption(Disposition.RETURNED_TO_GIVER, "Declined and returned", "15.6", GIFTS),
        DispositionOption(
            Disposition.HANDED_TO_MONITORING_OFFICER,
            "Handed to the monitoring officer",
            "15.6",
            GIFTS,
            hint=(
                "The OPCC: gifts which cannot be returned should be handed to the monitoring "
                "officer, who will decide how best to deal with them (15.6)."
            ),
        ),
        DispositionOption(
            Disposition.DECLINED,
            "Declined",
            "15.3",
            HOSPITALITY_ONLY,
            hint=(
                "The OPCC: those making the offer should be courteously, but firmly, informed "
                "of the OPCC's procedures and standards (15.3)."
            ),
        ),
        *general_dispositions(
            "15.1", "the OPCC", leave_out=frozenset({Disposition.RETURNED_TO_GIVER})
        ),
        *not_gone_ahead(outside_work="7.1", interest="8.1", relationship="6.1"),
        # 13.1: corruptly receiving "any gift, loan, fee, payment, reward or advantage" is a
        # serious criminal offence, so an improper approach is refused (OP-D1).
        DispositionOption(
            Disposition.DECLINED,
            "Refused",
            "13.1",
            DISCLOSURES,
            hint=(
                "The OPCC: corruptly receiving any gift, loan, fee, payment, reward or "
                "advantage is a serious criminal offence (13.1)."
            ),
        ),
    ),
)
VERSION = versioned(EDITION, DUTIES)
