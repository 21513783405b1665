"""Sets and predicates that mean the same thing in more than one employer's code.

Only what several codes say in the same words lives here; each module keeps its own
choices (its token limits, its donors to refuse, its register keepers) and builds on
these where its code goes further, e.g. `CONTRACTOR_DONORS | {DonorCategory.SERVICE_USER}`.
"""

from __future__ import annotations

from collections.abc import Callable

from .facts import Facts
from .vocabulary import (
    DisclosureKind,
    DonorCategory,
    Employer,
    GiftForm,
    HospitalityKind,
    Nature,
    PoliticalActivity,
    WithWhom,
    WorkKind,
)

# --- gifts and hospitality ----------------------------------------------------------

# "Contractors, potential contractors or (outside) suppliers", as donors.
CONTRACTOR_DONORS = frozenset(
    {DonorCategory.CONTRACTOR, DonorCategory.POTENTIAL_CONTRACTOR, DonorCategory.SUPPLIER}
)
# "Money" and "cash or monetary gifts": a voucher counts as money. (The county council's
# code refuses a voucher as a gift that is not a token instead, so it keeps its own set.)
MONEY = frozenset({GiftForm.CASH, GiftForm.VOUCHER})


def token_under_setting(f: Facts, employer: Employer) -> bool:
    """A token under a code that says "token" or "nominal value" without a figure (OPCC
    15.4, Thurrock 14.5, Essex Probation 7.4): a promotional item (`token_item`), in kind
    (form `item`: money, vouchers, loans, bequests, discounts and sponsorship never are),
    worth less than the register's token limit for `employer` (policy-contract.md,
    "settings"). `token_item` alone never makes a gift a token. A rule using this sets
    `uses_token_limit=True`, so its reason can say the figure ("{token_limit}")."""
    d = f.declaration
    return d.token_item and d.form is GiftForm.ITEM and d.value_gbp < f.token_limit(employer)


def personal_gift(f: Facts) -> bool:
    """A personal gift: to the officer, not accepted on behalf of the employer."""
    return not f.declaration.on_behalf_of_employer


def corporate_conference(f: Facts) -> bool:
    """Hospitality at a (relevant) conference or course that is corporate, not personal."""
    return (
        f.declaration.hospitality_kind is HospitalityKind.CONFERENCE_OR_COURSE
        and f.declaration.corporate
    )


# --- disclosures ------------------------------------------------------------------------


def disclosing(*kinds: DisclosureKind) -> Callable[[Facts], bool]:
    """A rule's condition: a disclosure of one of `kinds`."""
    wanted = frozenset(kinds)
    return lambda f: f.declaration.disclosure_kind in wanted


# --- outside work ---------------------------------------------------------------------

# "Other employment", self-employment or a private business venture.
EMPLOYMENT_OR_BUSINESS = frozenset(
    {WorkKind.EMPLOYMENT, WorkKind.SELF_EMPLOYMENT, WorkKind.BUSINESS_VENTURE}
)
# The restrictions of the Local Government and Housing Act 1989 on politically
# restricted posts: standing for election (a parish council candidacy is not one of
# them), holding party office, canvassing and publicly supporting a party.
POLITICALLY_RESTRICTED_ACTIVITIES = frozenset(
    {
        PoliticalActivity.CANDIDATE,
        PoliticalActivity.PARTY_OFFICE,
        PoliticalActivity.CANVASSING,
        PoliticalActivity.PUBLIC_SUPPORT,
    }
)
MAX_WEEKLY_HOURS = 48  # the Working Time Regulations' weekly limit


def politically_restricted_activity(f: Facts) -> bool:
    """A politically restricted post holder doing what the restriction forbids."""
    return (
        f.officer.politically_restricted
        and f.declaration.political_activity in POLITICALLY_RESTRICTED_ACTIVITIES
    )


def over_48_hours_a_week(f: Facts) -> bool:
    """Contracted hours plus outside work exceed 48 a week (exactly 48 does not)."""
    return f.officer.contracted_hours_per_week + f.declaration.hours_per_week > MAX_WEEKLY_HOURS


# --- relationships --------------------------------------------------------------------

# "Contractors, potential contractors or suppliers", as the other party of a relationship.
CONTRACTORS = frozenset({WithWhom.CONTRACTOR, WithWhom.POTENTIAL_CONTRACTOR, WithWhom.SUPPLIER})
# "Any other employee": fellow officers at any level, in the section or not.
FELLOW_EMPLOYEES = frozenset(
    {
        WithWhom.DIRECT_REPORT,
        WithWhom.COLLEAGUE,
        WithWhom.COLLEAGUE_SAME_SECTION,
        WithWhom.SENIOR_OFFICER,
    }
)
JOB_APPLICANTS = frozenset({WithWhom.JOB_APPLICANT})
# Service users "and their relatives or carers".
SERVICE_USERS_AND_FAMILIES = frozenset({WithWhom.SERVICE_USER, WithWhom.SERVICE_USER_FAMILY})
# "Related to, or a close personal relationship with": family, intimate or close friend.
CLOSE_TIES = frozenset({Nature.FAMILY, Nature.INTIMATE, Nature.CLOSE_FRIEND})


def close_tie_in_decision(f: Facts, whom: frozenset[WithWhom]) -> bool:
    """A close tie with one of `whom`, in a decision about them you would take part in."""
    return (
        f.declaration.with_whom in whom
        and f.declaration.nature in CLOSE_TIES
        and f.declaration.involved_in_decision
    )
