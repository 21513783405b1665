"""Thurrock Council: Part 4, Officers' Code of Conduct.

Rows TH-G0..TH-D7 of the policy matrix (2026-11), checked clause by clause against the
code's text (shared/codes/thurrock.txt). Every gift and hospitality offered, accepted or
not, goes in a register (14.3) kept by the monitoring officer for officers at or above
Assistant Director and by the relevant director for everyone else: that keeper
(KEEPER) is in the route of every gift and hospitality verdict.

Where the text and the matrix differ the text wins; the differences are listed under
"thurrock" in policies/MATRIX_NOTES.md. In short:

* TH-I4: 18.5 asks any officer with "a conflict of interest" in a matter at a meeting to
  declare it and leave, so a debt to the council that the officer deals with still
  raises withdraw_from_decision; TH-I3 is the only rule that asks for a declaration of
  a debt (6.6), as the matrix says.

Interpretations (readings of the text that are not disagreements):

* A gift "of a token value such as pens and diaries" (14.5) is the contract's token: a
  token item of form `item` worth less than the register's token limit
  (`token_under_setting`; 14.5 gives no figure, so the monitoring officer's setting
  applies, £25.00 unless changed). Cash, vouchers, loans, bequests and discounts are
  never tokens, and neither is a token item worth the limit or more. TH-G1 and TH-G2 say
  the figure they used.
* Sponsorship: an outside body's (`sponsor` outside_body) follows "the basic conventions
  concerning acceptance of gifts" (15.1), so it is refused and redirected like any
  gift that is not a token (TH-G2, citing 15.1 too); the council's own, benefiting the
  officer, a partner, spouse or relative (`sponsor` employer), needs only full
  disclosure to an appropriate manager (15.2, TH-S1). Row TH-G2 is written as two rules
  with the same id because outside sponsorship also cites 15.1.
* Deadlines: "within 28 days of becoming aware" (18.1, 18.2) is counted from the
  declaration's `date`. Consent "in advance" for conference hospitality (14.7, TH-H1) is
  due on the day it takes place (`event_date`); written consent "before undertaking"
  additional work (17.2, TH-W1) and "prior authorisation" of work on sick leave (4.2,
  TH-W4) on the day the work starts; a management buyout "as soon as you have formed a
  definite intent" (22.4, TH-D6) on that day (the disclosure's `date`). 12.3, 12.4 and
  11.4 name no time, and 21.2 "at the earliest opportunity" sets none (the matrix names
  no deadline for TH-R2).
* 17.2's written consent covers self-employment and business ventures as well as work
  for other employers: its bans speak of "private work" and "private commitments".
* 6.6 alone governs a debt to the council (TH-I3): disclosure to the manager, whether or
  not it could conflict, so TH-I1 and TH-I2 leave debts out.
* A social tie counts as a close personal relationship for 19.2: 19.3 gives "regular
  social contact such as holidays or evening meals together" as an example. "Officers
  working together" include a senior officer in the officer's own line of management
  (TH-R1); 13.4 "someone with whom they have a close personal relationship" covers a
  senior officer too (TH-R4).
* 16.6 refers to the restrictions of the Local Government and Housing Act 1989 on
  politically restricted posts: standing for office (other than a parish council),
  holding party office, canvassing and public support for a party.
* A donor with a decision pending makes hospitality one that may have "the perception"
  of compromising impartiality (14.6): it must be declined. For a gift 14.6 asks only
  for sensitivity to timing.
* Disclosures: "any criminal action being taken against them" (12.3) covers a charge,
  an arrest, bail conditions, a caution and a conviction (TH-D1); conduct outside work
  that may make the officer unsuitable, harm the council's reputation or put others at
  risk (12.4, TH-D2) is notified too; both to "their manager or Human Resources", either
  of whom will do. Suspect money is reported to "the Assistant Director of Law and
  Governance" (11.4, TH-D3), read as the monitoring officer, as the role list has no such
  role. An improper approach is refused (11.1) and reported to the appropriate manager
  (3.1, TH-D4). Being canvassed (13.3, TH-D5) and a business of a current or recent former
  officer in a contract award (22.5, TH-D7) get advice only: the code asks no one to be
  told.
"""

from __future__ import annotations

from .common import (
    CLOSE_TIES,
    CONTRACTORS,
    EMPLOYMENT_OR_BUSINESS,
    FELLOW_EMPLOYEES,
    JOB_APPLICANTS,
    close_tie_in_decision,
    corporate_conference,
    disclosing,
    politically_restricted_activity,
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
    ByLevel,
    Rule,
    rule,
    within_days,
)
from .duties import (
    DISCLOSURES,
    GIFTS,
    GIFTS_AND_HOSPITALITY,
    HOSPITALITY_ONLY,
    INTERESTS,
    AnnualReturn,
    DispositionOption,
    Duties,
    Entries,
    FormHint,
    InterestReviews,
    Keeper,
    Keeping,
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
    InterestKind,
    Level,
    Nature,
    Outcome,
    Sponsor,
    WithWhom,
    WorkKind,
)
from .vocabulary import GiftForm as Form
from .vocabulary import Role as R

EMPLOYER = Employer.THURROCK
NAME = "Thurrock Council's Officers' Code of Conduct"
# Changed by hand with the rules; VERSION (at the end) adds the duties' fingerprint.
EDITION = "2026.11"

KEEPER = ByLevel(
    at_or_above=Level.ASSISTANT_DIRECTOR, senior=R.MONITORING_OFFICER, junior=R.DIRECTOR
)
INTEREST_DEADLINE_DAYS = 28

CLOSE_OR_SOCIAL_TIES = CLOSE_TIES | {Nature.SOCIAL}
# 19.2: "another officer in the same section or area of work" (a senior officer in your
# own line of management included) or "an elected member".
WORKING_TOGETHER = frozenset(
    {
        WithWhom.COLLEAGUE_SAME_SECTION,
        WithWhom.DIRECT_REPORT,
        WithWhom.SENIOR_OFFICER,
        WithWhom.ELECTED_MEMBER,
    }
)
# 12.3: "any criminal action being taken against them".
CRIMINAL_ACTION = frozenset(
    {
        DisclosureKind.CRIMINAL_CHARGE,
        DisclosureKind.ARREST,
        DisclosureKind.BAIL_CONDITIONS,
        DisclosureKind.CAUTION,
        DisclosureKind.CONVICTION,
    }
)


def _senior(f: Facts) -> bool:
    return f.officer.at_or_above(Level.ASSISTANT_DIRECTOR)


def _token(f: Facts) -> bool:
    """14.5 "ones of a token value such as pens and diaries": an item worth less than the
    register's token limit."""
    return token_under_setting(f, EMPLOYER)


def _sponsorship_by(f: Facts, sponsor: Sponsor) -> bool:
    return f.declaration.form is Form.SPONSORSHIP and f.declaration.sponsor is sponsor


def _interest_to_notify(f: Facts) -> bool:
    """18.1, 18.2: an interest that could conflict; a debt to the council is 6.6's alone."""
    return (
        f.declaration.could_conflict
        and f.declaration.interest_kind is not InterestKind.DEBT_TO_EMPLOYER
    )


RULES: tuple[Rule, ...] = (
    rule(
        "TH-G0",
        [GIFT, HOSPITALITY],
        "Any gift or hospitality offered, accepted or not",
        lambda f: True,
        Outcome.DECLARE,
        route=[KEEPER],
        register_keeper=KEEPER,
        cite="14.3",
        reason=(
            "All gifts and hospitality offered, whether accepted or not, must be recorded in "
            "the register of gifts and hospitality."
        ),
    ),
    rule(
        "TH-G1",
        [GIFT],
        "A gift of token value such as a pen or diary (a token item of form item worth less "
        "than the register's token limit)",
        _token,
        Outcome.DECLARE,
        route=[KEEPER],
        register_keeper=KEEPER,
        uses_token_limit=True,
        cite=["14.3", "14.5"],
        reason=(
            "You may accept a gift of token value such as a pen or diary worth less than "
            "{token_limit}, but it must still be recorded in the register."
        ),
    ),
    rule(
        "TH-G2",
        [GIFT],
        "A gift that is not a token (cash, a voucher, a loan, a bequest, a discount, or an "
        "item worth the register's token limit or more), personal or for the Council",
        lambda f: not _token(f) and f.declaration.form is not Form.SPONSORSHIP,
        Outcome.PROHIBITED,
        route=[KEEPER],
        register_keeper=KEEPER,
        flags=[Flag.REDIRECT_TO_CHARITY],
        uses_token_limit=True,
        cite="14.5",
        reason=(
            "You must not accept personal gifts other than ones of token value, such as pens "
            "and diaries worth less than {token_limit}; anyone wishing to make a gesture of "
            "goodwill should be redirected to the Mayor's Charity Fund."
        ),
    ),
    rule(
        "TH-G2",
        [GIFT],
        "Sponsorship by an outside body (the rules for gifts apply, and it is never a token)",
        lambda f: _sponsorship_by(f, Sponsor.OUTSIDE_BODY),
        Outcome.PROHIBITED,
        route=[KEEPER],
        register_keeper=KEEPER,
        flags=[Flag.REDIRECT_TO_CHARITY],
        cite=["14.5", "15.1"],
        reason=(
            "Sponsorship by an outside organisation follows the rules for gifts, which allow "
            "only gifts of token value; anyone wishing to make a gesture of goodwill should be "
            "redirected to the Mayor's Charity Fund."
        ),
    ),
    rule(
        "TH-G3",
        [GIFT],
        "The donor has a contract, tender or other decision pending with the Council",
        lambda f: f.declaration.donor_has_pending_decision,
        None,
        flags=[Flag.TIMING_SENSITIVE],
        cite="14.6",
        reason=(
            "Be particularly sensitive to timing when the Council is taking a decision that "
            "affects the donor."
        ),
    ),
    rule(
        "TH-H1",
        [HOSPITALITY],
        "Corporate hospitality at a conference or course",
        corporate_conference,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER, KEEPER],
        register_keeper=KEEPER,
        deadline=ON_THE_EVENT_DATE,
        cite="14.7",
        reason=(
            "Hospitality at a conference or course is acceptable only if it is corporate, your "
            "manager consents in advance and no purchasing decision is compromised."
        ),
    ),
    rule(
        "TH-H2",
        [HOSPITALITY],
        "Other hospitality with a genuine need to represent the Council or impart "
        "information (for the benefit of the Council, a civic or courtesy visit)",
        lambda f: not corporate_conference(f) and f.declaration.represents_employer,
        Outcome.DECLARE,
        route=[KEEPER],
        register_keeper=KEEPER,
        cite=["14.1", "14.2"],
        reason=(
            "Hospitality may be accepted where there is a genuine need to impart information or "
            "represent the Council, and must be recorded in the register."
        ),
    ),
    rule(
        "TH-H3",
        [HOSPITALITY],
        "Other hospitality with no genuine need to represent the Council (purely social)",
        lambda f: not corporate_conference(f) and not f.declaration.represents_employer,
        Outcome.PROHIBITED,
        route=[KEEPER],
        register_keeper=KEEPER,
        cite=["14.1", "14.2"],
        reason=(
            "Only accept hospitality if there is a genuine need to impart information or "
            "represent the Council; purely social or sporting invitations must be declined."
        ),
    ),
    rule(
        "TH-H4",
        [HOSPITALITY],
        "The host has a contract, tender or other decision pending with the Council",
        lambda f: f.declaration.donor_has_pending_decision,
        Outcome.PROHIBITED,
        route=[KEEPER],
        register_keeper=KEEPER,
        flags=[Flag.TIMING_SENSITIVE],
        cite="14.6",
        reason=(
            "Hospitality which may compromise your impartiality, or be seen to, must be "
            "declined while the Council has a decision pending that affects the host."
        ),
    ),
    rule(
        "TH-I1",
        [INTEREST],
        "An officer at or above Assistant Director with an interest that could conflict, "
        "other than a debt to the Council",
        lambda f: _senior(f) and _interest_to_notify(f),
        Outcome.DECLARE,
        route=[R.MONITORING_OFFICER],
        register_keeper=R.MONITORING_OFFICER,
        flags=[Flag.ANNUAL_REVIEW],
        written=True,
        deadline=within_days(INTEREST_DEADLINE_DAYS),
        cite="18.1",
        reason=(
            "Officers at or above Assistant Director must notify the monitoring officer in "
            "writing of any interest that could conflict, within 28 days of becoming aware of "
            "it, and annually."
        ),
    ),
    rule(
        "TH-I2",
        [INTEREST],
        "An officer below Assistant Director with an interest that could conflict, other "
        "than a debt to the Council",
        lambda f: not _senior(f) and _interest_to_notify(f),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.DIRECTOR],
        register_keeper=R.LINE_MANAGER,
        flags=[Flag.ANNUAL_REVIEW],
        deadline=within_days(INTEREST_DEADLINE_DAYS),
        cite=["18.2", "18.4"],
        reason=(
            "Declare to your director, within 28 days of becoming aware, any interest that "
            "could conflict; your manager records it and your Assistant Director reviews it "
            "yearly."
        ),
    ),
    rule(
        "TH-I3",
        [INTEREST],
        "A debt to the Council, e.g. council tax arrears, whether or not it could conflict "
        "(the only rule that asks for a debt to be declared)",
        lambda f: f.declaration.interest_kind is InterestKind.DEBT_TO_EMPLOYER,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="6.6",
        reason=(
            "If you are in debt to the Council, for example with council tax arrears, you must "
            "disclose details of the debt to your manager."
        ),
    ),
    rule(
        "TH-I4",
        [INTEREST],
        "You deal with a matter that affects this interest",
        lambda f: f.declaration.involved_in_related_matter,
        None,
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="18.5",
        reason=(
            "When a matter in which you have a conflict of interest arises at a meeting, declare "
            "your interest and leave the meeting unless the members ask you to stay."
        ),
    ),
    rule(
        "TH-W1",
        [OUTSIDE_WORK],
        "Employment, self-employment or a business venture",
        lambda f: f.declaration.work_kind in EMPLOYMENT_OR_BUSINESS,
        Outcome.APPROVAL_REQUIRED,
        route=[R.LINE_MANAGER],
        written=True,
        deadline=ON_THE_DATE,
        cite="17.2",
        reason=(
            "You must obtain written consent from your manager before undertaking additional work."
        ),
    ),
    rule(
        "TH-W2",
        [OUTSIDE_WORK],
        "Voluntary work that does not conflict with the Council's interests",
        lambda f: (
            f.declaration.work_kind is WorkKind.VOLUNTARY
            and not f.declaration.conflicts_with_duties
        ),
        Outcome.NO_ACTION,
        cite="17.1",
        reason=(
            "The Council encourages voluntary work, public duties and support for local "
            "community groups: the code asks for nothing."
        ),
    ),
    rule(
        "TH-W3",
        [OUTSIDE_WORK],
        "Outside work that conflicts with the Council's interests, uses Council equipment, "
        "property or contacts, or is done during Council working hours",
        lambda f: (
            f.declaration.conflicts_with_duties
            or f.declaration.uses_employer_resources
            or f.declaration.during_working_hours
        ),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="17.2",
        reason=(
            "You may not do outside work that conflicts with the Council's interests, uses "
            "Council equipment, property or contacts, or falls in your working hours."
        ),
    ),
    rule(
        "TH-W4",
        [OUTSIDE_WORK],
        "Work during sickness absence",
        lambda f: f.declaration.during_sick_leave,
        Outcome.APPROVAL_REQUIRED,
        route=[R.ASSISTANT_DIRECTOR],
        deadline=ON_THE_DATE,
        cite="4.2",
        reason=(
            "On sickness absence you must not undertake any other work without prior "
            "authorisation from your Assistant Director."
        ),
    ),
    rule(
        "TH-W5",
        [OUTSIDE_WORK],
        "Private gain from work associated with your employment",
        lambda f: f.declaration.private_gain_from_employment_work,
        Outcome.APPROVAL_REQUIRED,
        route=[R.ASSISTANT_DIRECTOR, R.LEGAL_ADVISER],
        cite="17.4",
        reason=(
            "You may not make private gain from work associated with your employment without "
            "authorisation from your Assistant Director, in consultation with the legal adviser."
        ),
    ),
    rule(
        "TH-S1",
        [GIFT],
        "Sponsorship by the Council from which you, a partner, spouse or relative benefit",
        lambda f: _sponsorship_by(f, Sponsor.EMPLOYER),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="15.2",
        reason=(
            "You, a partner, spouse or relative must not benefit directly from Council "
            "sponsorship without full disclosure to an appropriate manager."
        ),
    ),
    rule(
        "TH-W6",
        [OUTSIDE_WORK],
        "A politically restricted post holder standing for office (other than a parish "
        "council), holding party office, canvassing or publicly supporting a party",
        politically_restricted_activity,
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite="16.6",
        reason=(
            "Your post is politically restricted under the Local Government and Housing Act "
            "1989: you may not stand for election (other than to a parish council), hold party "
            "office, canvass or publicly support a party."
        ),
    ),
    rule(
        "TH-R1",
        [RELATIONSHIP],
        "A close personal relationship (family, intimate, close friend or regular social "
        "contact) with an officer in your section or area of work (a direct report, or a "
        "senior officer in your own line of management) or with an elected member",
        lambda f: (
            f.declaration.with_whom in WORKING_TOGETHER
            and f.declaration.nature in CLOSE_OR_SOCIAL_TIES
        ),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite="19.2",
        reason=(
            "You must declare to your manager any close personal relationship with another "
            "officer in your section or area of work, or with an elected member."
        ),
    ),
    rule(
        "TH-R2",
        [RELATIONSHIP],
        "A business or private relationship with a contractor, potential contractor or supplier",
        lambda f: f.declaration.with_whom in CONTRACTORS,
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        cite=["21.1", "21.2"],
        reason=(
            "Any business or private relationship with contractors or potential contractors "
            "must be declared to your manager at the earliest opportunity."
        ),
    ),
    rule(
        "TH-R3",
        [RELATIONSHIP],
        "A relative or close personal relationship with a job applicant whose appointment "
        "you would take part in",
        lambda f: close_tie_in_decision(f, JOB_APPLICANTS),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="13.2",
        reason=(
            "You must not be involved in making an appointment if you are related to, or have "
            "a close personal relationship with, an applicant."
        ),
    ),
    rule(
        "TH-R4",
        [RELATIONSHIP],
        "A close personal relationship with another officer, where you would take part in a "
        "decision on their discipline, promotion or pay",
        lambda f: close_tie_in_decision(f, FELLOW_EMPLOYEES),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        cite="13.4",
        reason=(
            "You must not be involved in decisions on discipline, promotion or pay that affect "
            "someone with whom you have a close personal relationship."
        ),
    ),
    rule(
        "TH-D1",
        [DISCLOSURE],
        "Criminal action taken against you (a charge, arrest, bail conditions, a caution or a "
        "conviction), during or outside working hours",
        disclosing(*CRIMINAL_ACTION),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.HR],
        cite="12.3",
        reason=(
            "You must notify your manager or Human Resources, either will do, of any criminal "
            "action being taken against you, whether the alleged act took place during or "
            "outside working hours."
        ),
    ),
    rule(
        "TH-D2",
        [DISCLOSURE],
        "Conduct or activities outside work that may make you unsuitable for your job, "
        "damage the Council's reputation or put others at risk",
        disclosing(DisclosureKind.OUTSIDE_CONDUCT),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER, R.HR],
        cite="12.4",
        reason=(
            "You must notify your manager or Human Resources, either will do, if your conduct "
            "or activities outside work may make you unsuitable for your job, could damage the "
            "Council's reputation or could put others at risk."
        ),
    ),
    rule(
        "TH-D3",
        [DISCLOSURE],
        "Dealings where you suspect the money involved may have been acquired illegally",
        disclosing(DisclosureKind.SUSPECT_MONEY),
        Outcome.DECLARE,
        route=[R.MONITORING_OFFICER],
        cite="11.4",
        reason=(
            "You must report to the Assistant Director of Law and Governance (routed here to "
            "the monitoring officer) any dealings where you suspect the money involved may "
            "have been acquired through illegal practices."
        ),
    ),
    rule(
        "TH-D4",
        [DISCLOSURE],
        "An improper approach: an offer of a gift, loan, fee, reward or advantage for "
        "information, favour or influence",
        disclosing(DisclosureKind.IMPROPER_APPROACH),
        Outcome.PROHIBITED,
        route=[R.LINE_MANAGER],
        cite=["11.1", "3.1"],
        reason=(
            "Corruptly receiving any gift, loan, fee, reward or advantage is a criminal "
            "offence: refuse it and bring the impropriety to the attention of the appropriate "
            "manager."
        ),
    ),
    rule(
        "TH-D5",
        [DISCLOSURE],
        "You are involved in an appointment and are canvassed by a candidate or on their behalf",
        disclosing(DisclosureKind.CANVASSED),
        Outcome.NO_ACTION,
        cite="13.3",
        reason=(
            "The code asks no one to be told, but you should resist any attempt by others to "
            "canvass you about an appointment."
        ),
    ),
    rule(
        "TH-D6",
        [DISCLOSURE],
        "You have formed a definite intent to take part in a management buyout",
        disclosing(DisclosureKind.MANAGEMENT_BUYOUT),
        Outcome.DECLARE,
        route=[R.LINE_MANAGER],
        flags=[Flag.WITHDRAW_FROM_DECISION],
        deadline=ON_THE_DATE,
        cite="22.4",
        reason=(
            "As soon as you have formed a definite intent to take part in a management buyout, "
            "inform the appropriate manager and withdraw from the contract awarding processes."
        ),
    ),
    rule(
        "TH-D7",
        [DISCLOSURE],
        "A business run by, or employing in a senior role, a current or recent former officer "
        "(or their partner, close relative or associate) is in a contract award you deal with",
        disclosing(DisclosureKind.FORMER_OFFICER_BUSINESS),
        Outcome.NO_ACTION,
        cite="22.5",
        reason=(
            "The code asks no one to be told, but you must ensure that no special favour is "
            "shown to current or recent former officers, or their partners, close relatives or "
            "associates, in awarding contracts to businesses run by them or employing them."
        ),
    ),
)


# --- duties beyond the rules (policies/duties.py) ---------------------------------------

DUTIES = Duties(
    registers=(
        NamedRegister(
            slug="thurrock-gifts-and-hospitality-senior",
            title="Register of gifts and hospitality (assistant directors and above)",
            cite="14.3",
            keeper_words="the monitoring officer",
            summary="Gifts and hospitality offered to officers at or above assistant director.",
            entries=(Entries(types=GIFTS_AND_HOSPITALITY, at_or_above=Level.ASSISTANT_DIRECTOR),),
            kept_by=Keeper(R.MONITORING_OFFICER),
        ),
        NamedRegister(
            slug="thurrock-interests-senior",
            title="Register of interests (assistant directors and above)",
            cite="18.1",
            keeper_words="the monitoring officer",
            summary="Personal and financial interests of officers at or above assistant director.",
            entries=(Entries(types=INTERESTS, at_or_above=Level.ASSISTANT_DIRECTOR),),
            kept_by=Keeper(R.MONITORING_OFFICER),
        ),
        NamedRegister(
            slug="thurrock-director",
            title="Register of gifts and hospitality",
            cite="14.3",
            keeper_words="the relevant director, for the officers below assistant director",
            summary=(
                "Gifts and hospitality offered to officers below assistant director, kept by "
                "the director who was their relevant director when they declared."
            ),
            entries=(Entries(types=GIFTS_AND_HOSPITALITY, below=Level.ASSISTANT_DIRECTOR),),
            kept_by=Keeper(R.DIRECTOR, Keeping.EACH_KEEPER),
        ),
    ),
    annual_return=AnnualReturn(
        cite="18.1",
        at_or_above=Level.ASSISTANT_DIRECTOR,
        made_to=R.MONITORING_OFFICER,
        quote=(
            "Officers at or above the level of Assistant Director must provide written "
            "notification of any personal and financial interests which could bring them into "
            "conflict with the Council's interests. This should be submitted to the Council's "
            "monitoring officer annually"
        ),
    ),
    interest_reviews=InterestReviews(
        cite="18.4",
        below=Level.ASSISTANT_DIRECTOR,
        reviewer_level=Level.ASSISTANT_DIRECTOR,
        every_months=12,
        fallback=R.MONITORING_OFFICER,
        quote=(
            "Any disclosure of interest will be recorded by the employee's manager and "
            "reviewed by their Assistant Director at least annually."
        ),
    ),
    form_hints=(
        FormHint(
            "token_item",
            "Thurrock: pens and diaries are token gifts (14.5) when worth less than the "
            "register's token limit.",
            "14.5",
        ),
        FormHint(
            "donor_has_pending_decision",
            "Thurrock: be particularly sensitive to timing when the giver has a decision "
            "pending with the council (14.6).",
            "14.6",
        ),
        FormHint(
            "represents_employer",
            "Thurrock: only accept hospitality where there is a genuine need to impart "
            "information or represent the council (14.1).",
            "14.1",
        ),
        FormHint(
            "corporate",
            "Thurrock: hospitality at conferences and courses is acceptable when it is "
            "corporate and your manager consents in advance (14.7).",
            "14.7",
        ),
        FormHint(
            "during_sick_leave",
            "Thurrock: on sick leave you need prior authorisation from your assistant "
            "director (4.2).",
            "4.2",
        ),
        FormHint(
            "interest_kind",
            "Thurrock: declare any debt you owe the council, such as council tax (6.6).",
            "6.6",
        ),
    ),
    deadlines=deadlines_in(RULES),
    # What happened to a gift or hospitality the code says must be declined: the
    # code's own ways first (14.5, 14.4), then the others, the council's concern (14.3).
    dispositions=(
        DispositionOption(Disposition.DECLINED, "Declined", "14.5", GIFTS),
        DispositionOption(
            Disposition.GIVEN_TO_NAMED_CHARITY,
            "Given to the Mayor's Charity Fund",
            "14.5",
            GIFTS,
            hint=(
                "Thurrock: anyone who wishes to make a gesture of goodwill to the council or "
                "its officers should be redirected to the Mayor's Charity Fund (14.5)."
            ),
        ),
        DispositionOption(
            Disposition.DECLINED,
            "Declined",
            "14.4",
            HOSPITALITY_ONLY,
            hint=(
                "Thurrock: those making the offer must be courteously but firmly informed of "
                "the council's procedures and standards (14.4)."
            ),
        ),
        *general_dispositions("14.3", "the council"),
        *not_gone_ahead(outside_work="17.2", interest="18.2", relationship="19.2"),
        # 11.1: corruptly receiving "any gift, loan, fee, reward or advantage" is a criminal
        # offence, so an improper approach is refused (TH-D4).
        DispositionOption(
            Disposition.DECLINED,
            "Refused",
            "11.1",
            DISCLOSURES,
            hint=(
                "Thurrock: it is a criminal offence for an officer to corruptly receive or give "
                "any gift, loan, fee, reward or advantage (11.1)."
            ),
        ),
    ),
)
VERSION = versioned(EDITION, DUTIES)
