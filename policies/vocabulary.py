"""The shared vocabulary of the register (shared/spec/policy-contract.md).

Plain enums, no Django: the rule modules, the models and the forms all take their
names from here so that a declaration means the same thing everywhere.
"""

from __future__ import annotations

from enum import StrEnum


class Employer(StrEnum):
    ESSEX_PROBATION = "essex-probation"
    COUNTY_COUNCIL = "county-council"
    OPCC = "opcc"
    THURROCK = "thurrock"
    ECC = "ecc"


class Level(StrEnum):
    """Officer levels, in ascending order of seniority (the contract orders them)."""

    STAFF = "staff"
    MANAGER = "manager"
    HEAD_OF_SERVICE = "head_of_service"
    ASSISTANT_DIRECTOR = "assistant_director"
    DIRECTOR = "director"
    CHIEF_EXECUTIVE = "chief_executive"

    @property
    def rank(self) -> int:
        return LEVEL_ORDER.index(self)


LEVEL_ORDER: tuple[Level, ...] = tuple(Level)


class Role(StrEnum):
    """Approver and recipient roles, in the contract's canonical route order."""

    LINE_MANAGER = "line_manager"
    HEAD_OF_SERVICE = "head_of_service"
    ASSISTANT_DIRECTOR = "assistant_director"
    DIRECTOR = "director"
    CHIEF_OFFICER = "chief_officer"
    CHIEF_EXECUTIVE = "chief_executive"
    HR = "hr"
    LEGAL_ADVISER = "legal_adviser"
    MONITORING_OFFICER = "monitoring_officer"
    BOARD_SECRETARY = "board_secretary"


ROLE_ORDER: tuple[Role, ...] = tuple(Role)


class Outcome(StrEnum):
    """Verdict outcomes, strictest first."""

    PROHIBITED = "prohibited"
    APPROVAL_REQUIRED = "approval_required"
    DECLARE = "declare"
    NO_ACTION = "no_action"


OUTCOME_STRICTNESS: tuple[Outcome, ...] = tuple(Outcome)


class Flag(StrEnum):
    TIMING_SENSITIVE = "timing_sensitive"
    HOURS_EXCEED_48 = "hours_exceed_48"
    WITHDRAW_FROM_DECISION = "withdraw_from_decision"
    REDIRECT_TO_CHARITY = "redirect_to_charity"
    RECORD_ON_CONTACT_LOG = "record_on_contact_log"
    REPORT_IF_BEQUEST_MADE = "report_if_bequest_made"
    NO_DIRECT_SUPERVISION = "no_direct_supervision"
    RETURN_OR_HAND_OVER = "return_or_hand_over"
    ANNUAL_REVIEW = "annual_review"


class DeclarationType(StrEnum):
    GIFT = "gift"
    HOSPITALITY = "hospitality"
    INTEREST = "interest"
    OUTSIDE_WORK = "outside_work"
    RELATIONSHIP = "relationship"
    DISCLOSURE = "disclosure"


# Types whose entries say something about the officer's private life or record
# (a relationship can reveal sexual life or health; a disclosure, criminal matters):
# seen only by the officer, the people on their route and the monitoring officer,
# never published, and left out of exports unless the monitoring officer asks.
SENSITIVE_TYPES: frozenset[DeclarationType] = frozenset(
    {DeclarationType.RELATIONSHIP, DeclarationType.DISCLOSURE}
)


# --- gift and hospitality -------------------------------------------------------


class Direction(StrEnum):
    RECEIVED = "received"
    GIVEN = "given"


class OfferedTo(StrEnum):
    SELF = "self"
    FAMILY = "family"


class GiftForm(StrEnum):
    ITEM = "item"
    CASH = "cash"
    VOUCHER = "voucher"
    LOAN = "loan"
    BEQUEST = "bequest"
    DISCOUNT = "discount"
    SPONSORSHIP = "sponsorship"


class DonorCategory(StrEnum):
    SERVICE_USER = "service_user"
    CONTRACTOR = "contractor"
    POTENTIAL_CONTRACTOR = "potential_contractor"
    SUPPLIER = "supplier"
    MEMBER_OF_PUBLIC = "member_of_public"
    PARTNER_ORGANISATION = "partner_organisation"
    OTHER = "other"


class Sponsor(StrEnum):
    """Who sponsors, for a gift of form `sponsorship` (policy-contract.md, 2026-11)."""

    OUTSIDE_BODY = "outside_body"  # an outside body sponsors the officer or the employer
    EMPLOYER = "employer"  # the employer sponsors something the officer or family benefits from


class OfferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Disposition(StrEnum):
    """What happened to a gift, offer or activity the code says must be declined or must
    not go ahead. Each employer's duties (policies/duties.py) list the ones its code
    offers, its own first."""

    DECLINED = "declined"
    RETURNED_TO_GIVER = "returned_to_giver"
    HANDED_TO_MONITORING_OFFICER = "handed_to_monitoring_officer"
    GIVEN_TO_NAMED_CHARITY = "given_to_named_charity"  # the charity the code names
    GIVEN_TO_CHARITY = "given_to_charity"
    KEPT_BY_EMPLOYER = "kept_by_employer"
    SHARED_WITH_TEAM = "shared_with_team"
    PAID_THE_DIFFERENCE = "paid_the_difference"
    NOT_GONE_AHEAD = "not_gone_ahead"


class HospitalityKind(StrEnum):
    REFRESHMENTS = "refreshments"
    WORKING_MEAL = "working_meal"
    CONFERENCE_OR_COURSE = "conference_or_course"
    SOCIAL_OR_SPORTING = "social_or_sporting"
    TRAVEL_OR_ACCOMMODATION = "travel_or_accommodation"


# --- interest -------------------------------------------------------------------


class InterestKind(StrEnum):
    FINANCIAL = "financial"
    NON_FINANCIAL = "non_financial"
    SECRET_SOCIETY = "secret_society"
    DEBT_TO_EMPLOYER = "debt_to_employer"


class HeldBy(StrEnum):
    SELF = "self"
    SPOUSE_OR_PARTNER = "spouse_or_partner"
    RELATIVE = "relative"
    CLOSE_FRIEND = "close_friend"


# --- outside work ---------------------------------------------------------------


class WorkKind(StrEnum):
    EMPLOYMENT = "employment"
    SELF_EMPLOYMENT = "self_employment"
    BUSINESS_VENTURE = "business_venture"
    VOLUNTARY = "voluntary"
    EXECUTORSHIP = "executorship"
    POLITICAL = "political"


class PoliticalActivity(StrEnum):
    NONE = "none"
    PARISH_COUNCIL_CANDIDATE = "parish_council_candidate"
    CANDIDATE = "candidate"
    PARTY_OFFICE = "party_office"
    CANVASSING = "canvassing"
    PUBLIC_SUPPORT = "public_support"


# --- relationship ---------------------------------------------------------------


class WithWhom(StrEnum):
    SERVICE_USER = "service_user"
    SERVICE_USER_FAMILY = "service_user_family"
    OFFENDER = "offender"
    CONTRACTOR = "contractor"
    POTENTIAL_CONTRACTOR = "potential_contractor"
    SUPPLIER = "supplier"
    COLLEAGUE_SAME_SECTION = "colleague_same_section"
    COLLEAGUE = "colleague"
    ELECTED_MEMBER = "elected_member"
    JOB_APPLICANT = "job_applicant"
    DIRECT_REPORT = "direct_report"
    SENIOR_OFFICER = "senior_officer"


class Nature(StrEnum):
    FAMILY = "family"
    INTIMATE = "intimate"
    CLOSE_FRIEND = "close_friend"
    SOCIAL = "social"
    BUSINESS = "business"


# --- disclosure -------------------------------------------------------------------


class DisclosureKind(StrEnum):
    """What a disclosure tells (policy-contract.md, "type disclosure", 2026-11)."""

    CRIMINAL_CHARGE = "criminal_charge"
    CAUTION = "caution"
    CONVICTION = "conviction"
    ARREST = "arrest"
    BAIL_CONDITIONS = "bail_conditions"
    OUTSIDE_CONDUCT = "outside_conduct"
    SAFEGUARDING_REGISTRATION_WITHDRAWN = "safeguarding_registration_withdrawn"
    IMPROPER_APPROACH = "improper_approach"
    SUSPECT_MONEY = "suspect_money"
    CANVASSED = "canvassed"
    MANAGEMENT_BUYOUT = "management_buyout"
    FORMER_OFFICER_BUSINESS = "former_officer_business"
    OVERSEAS_TRAVEL = "overseas_travel"
    COURT_WITNESS = "court_witness"
    COURT_OR_PRISON_INTERVENTION = "court_or_prison_intervention"
