"""The plain-English answers offered for each of the contract's choices.

The values are the policy contract's (policies.vocabulary); the words are how a person
would say them, with hints where an example helps.
"""

from __future__ import annotations

from crispy_forms_gds.choices import Choice

DONOR_CATEGORIES = [
    Choice("service_user", "Someone who uses our services, or their family"),
    Choice("contractor", "A contractor working for us"),
    Choice(
        "potential_contractor",
        "A business that wants to work for us",
        hint="For example, one bidding for a contract",
    ),
    Choice("supplier", "A supplier"),
    Choice("member_of_public", "A member of the public"),
    Choice("partner_organisation", "A partner organisation", hint="For example, the NHS"),
    Choice("other", "Someone else"),
]
OFFERED_TO = [Choice("self", "Me"), Choice("family", "A member of my family")]
DIRECTIONS = [
    Choice("received", "I was offered it or received it"),
    Choice("given", "I gave it or offered it to someone"),
]
GIFT_FORMS = [
    Choice("item", "An item", hint="For example, a bottle of wine, a hamper or a pen"),
    Choice("cash", "Cash"),
    Choice("voucher", "A voucher or gift card"),
    Choice("loan", "A loan"),
    Choice("bequest", "A bequest", hint="Something left to you in a will"),
    Choice("discount", "A discount or special price"),
    Choice("sponsorship", "Sponsorship"),
]
OFFER_STATUSES = [
    Choice("offered", "I have not decided yet"),
    Choice("accepted", "I accepted it"),
    Choice("declined", "I turned it down"),
]
HOSPITALITY_KINDS = [
    Choice(
        "refreshments",
        "Light refreshments at a meeting",
        hint="For example, tea, coffee or sandwiches",
    ),
    Choice("working_meal", "A working meal"),
    Choice("conference_or_course", "A place at a conference or course"),
    Choice("social_or_sporting", "A social or sporting event"),
    Choice("travel_or_accommodation", "Travel or somewhere to stay"),
]
INTEREST_KINDS = [
    Choice(
        "financial",
        "Financial",
        hint="For example, shares, property, a business or a paid role",
    ),
    Choice(
        "non_financial",
        "Non-financial",
        hint="For example, membership of a club, charity, campaign group or school board",
    ),
    Choice(
        "secret_society",
        "Membership of a body that is not open to the public",
        hint="One with an oath of allegiance that keeps its rules or conduct secret",
    ),
    Choice(
        "debt_to_employer",
        "Money I owe my employer",
        hint="For example, council tax arrears",
    ),
]
HELD_BY = [
    Choice("self", "Me"),
    Choice("spouse_or_partner", "My spouse or partner"),
    Choice("relative", "A relative"),
    Choice("close_friend", "A close friend"),
]
WORK_KINDS = [
    Choice("employment", "A job with another employer"),
    Choice("self_employment", "Self-employment"),
    Choice("business_venture", "A business I run or part-own"),
    Choice("voluntary", "Voluntary work"),
    Choice("executorship", "Being the executor of a will"),
    Choice("political", "Political work"),
]
POLITICAL_ACTIVITIES = [
    Choice("none", "No"),
    Choice("parish_council_candidate", "Standing for a parish or town council"),
    Choice("candidate", "Standing for election to another council or to Parliament"),
    Choice("party_office", "Holding office in a political party"),
    Choice("canvassing", "Canvassing for a party or candidate"),
    Choice("public_support", "Speaking or writing in public in support of a party"),
]
WITH_WHOM = [
    Choice("service_user", "Someone who uses our services"),
    Choice("service_user_family", "A family member of someone who uses our services"),
    Choice("offender", "Someone on probation or in custody"),
    Choice("contractor", "Someone from a contractor working for us"),
    Choice("potential_contractor", "Someone from a business that wants to work for us"),
    Choice("supplier", "Someone from a supplier"),
    Choice("colleague_same_section", "A colleague in my section or team"),
    Choice("colleague", "A colleague elsewhere in the organisation"),
    Choice("elected_member", "An elected member, such as a councillor"),
    Choice("job_applicant", "Someone applying for a job with us"),
    Choice("direct_report", "Someone I manage"),
    Choice("senior_officer", "A senior officer"),
]
NATURES = [
    Choice("family", "Family"),
    Choice("intimate", "An intimate or romantic relationship"),
    Choice("close_friend", "A close friendship"),
    Choice("social", "A social acquaintance"),
    Choice("business", "A business relationship"),
]
SPONSORS = [
    Choice(
        "outside_body",
        "An outside organisation or person",
        hint="They sponsor you, or something your employer does",
    ),
    Choice(
        "employer",
        "My employer",
        hint="It sponsors an event or service that I, my partner or a relative benefit from",
    ),
]
# What a disclosure tells, in the officer's own words (policy-contract.md, "type
# disclosure"): each hint says what the answer covers.
DISCLOSURE_KINDS = [
    Choice(
        "criminal_charge",
        "I have been charged with a criminal offence",
        hint="Or other criminal action has been taken against me",
    ),
    Choice("caution", "I have been cautioned for a criminal offence"),
    Choice("conviction", "I have been convicted of a criminal offence"),
    Choice(
        "arrest",
        "I have been arrested",
        hint="Not (yet) charged, and not released on bail with conditions",
    ),
    Choice(
        "bail_conditions",
        "I have been released on bail with conditions",
        hint="After an arrest or an appearance in court",
    ),
    Choice(
        "outside_conduct",
        "Something I do outside work could affect my job",
        hint=(
            "Conduct or activities that could make me unsuitable for my job, harm my "
            "employer's reputation, or put colleagues, service users or the public at risk"
        ),
    ),
    Choice(
        "safeguarding_registration_withdrawn",
        "My safeguarding registration has been withdrawn",
        hint="A registration my post needs, such as with the Independent Safeguarding Authority",
    ),
    Choice(
        "improper_approach",
        "Someone offered me something to influence my work",
        hint=(
            "A reward, payment or other advantage in return for information, a favour or "
            "influence: a bribe, or an attempt at one"
        ),
    ),
    Choice(
        "suspect_money",
        "I suspect money in a dealing I know of was gained illegally",
        hint="Dealings where the money involved may come from crime",
    ),
    Choice(
        "canvassed",
        "Someone has canvassed me about an appointment I am involved in",
        hint="A candidate, or someone on their behalf",
    ),
    Choice(
        "management_buyout",
        "I intend to take part in a management buyout",
        hint="Once you have decided that you mean to",
    ),
    Choice(
        "former_officer_business",
        "A business linked to a current or former officer is in a contract award I deal with",
        hint=(
            "Run by them, their partner, a close relative or an associate, or employing one "
            "of them in a senior or managerial role"
        ),
    ),
    Choice("overseas_travel", "I have been asked to travel overseas on official business"),
    Choice("court_witness", "I am being asked to be a witness in court for a service user"),
    Choice(
        "court_or_prison_intervention",
        "I would use my position to intervene in a court matter or arrange a prison visit",
    ),
]
