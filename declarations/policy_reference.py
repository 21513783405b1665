"""The policy reference pages: every rule of each code, and its duties beyond the rules
(the registers it names, an annual return, interest reviews, form hints, deadlines), with
the clauses each rests on.

The pages are generated from the rule modules themselves (and the clause text from
policies.clauses), never written out a second time, so what staff and auditors read
is what the register applies. `citation_url` links a verdict's citation, such as
"thurrock:14.3", to its clause here. A rule that applies the register's token limit says
the figure it uses today: the one the employer's monitoring officer set, or the
contract's default where the register holds no such organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

import policies
from declarations import choices as c
from declarations import labels
from declarations.models import Organisation
from policies.clauses import clause_label, clause_text, clauses_of, split_citation
from policies.core import ByLevel, RoleSpec, Rule, money_words
from policies.duties import Deadline, Duties, Entries, Keeper, Keeping
from policies.facts import DEFAULT_TOKEN_LIMIT_GBP
from policies.vocabulary import DeclarationType, Employer, Level, Outcome

# What an outcome's tag (the same words as every other page: labels.outcome, which fit
# every type, as a rule may cover several) leaves unsaid.
OUTCOME_MEANING: dict[Outcome | None, str] = {
    Outcome.PROHIBITED: "",
    Outcome.APPROVAL_REQUIRED: "before accepting or starting",
    Outcome.DECLARE: "and recorded",
    Outcome.NO_ACTION: "the code asks for nothing more",
    None: "No outcome of its own: the rule adds its flags and citation",
}


def clause_anchor(clause: str) -> str:
    """The HTML id of a clause on its code's page: "14.3" -> "clause-14.3"."""
    return f"clause-{clause}"


def citation_url(citation: str) -> str:
    """Where a citation's clause is quoted: "thurrock:14.3" -> "/policies/thurrock/#clause-14.3".

    ValueError for anything not written `employer:clause` with a contract employer.
    """
    employer, clause = split_citation(citation)
    return f"{reverse('policy-detail', args=[employer])}#{clause_anchor(clause)}"


@dataclass(frozen=True, slots=True)
class QuotedClause:
    employer: str
    clause: str
    label: str
    anchor: str
    paragraphs: tuple[str, ...]  # empty when the clause is not in the code's text
    cited_by: tuple[str, ...] = ()  # ids of the rules citing it (on the clause list)
    cited_by_duties: tuple[tuple[str, str], ...] = ()  # (anchor, title) of duties citing it

    @property
    def citation(self) -> str:
        return f"{self.employer}:{self.clause}"


@dataclass(frozen=True, slots=True)
class RuleEntry:
    id: str
    anchor: str  # the id, or "EP-G1-2" for a second rule object sharing a matrix row's id
    condition: str
    types: tuple[str, ...]
    outcome: str | None
    outcome_label: str
    outcome_meaning: str
    route: tuple[str, ...]
    register_keeper: str | None
    flags: tuple[str, ...]
    written: bool
    deadline: str | None
    reason: str
    citations: tuple[QuotedClause, ...]
    token_limit: str | None = None  # the figure the rule applies today, and whose it is


@dataclass(frozen=True, slots=True)
class TokenLimit:
    """The token limit a code's page states: its amount, and where the figure comes from."""

    amount: Decimal
    source: str

    @property
    def words(self) -> str:
        return f"{money_words(self.amount)}: {self.source}"


def token_limit_for(organisation: Organisation | None) -> TokenLimit:
    """The register's current figure for the organisation, else the contract's default."""
    if organisation is None:
        return TokenLimit(
            DEFAULT_TOKEN_LIMIT_GBP,
            "the default figure (the register holds no such organisation)",
        )
    return TokenLimit(
        organisation.token_limit_gbp,
        f"the register's current figure for {organisation.name}, set by its monitoring "
        "officer. A verdict keeps the figure it was reached with",
    )


@dataclass(frozen=True, slots=True)
class DutyEntry:
    """One duty of a code, as the page shows it: what it asks, in rows, and its clauses."""

    anchor: str
    title: str
    rows: tuple[tuple[str, str], ...]  # (what, in words)
    citations: tuple[QuotedClause, ...]


@dataclass(frozen=True, slots=True)
class DutySection:
    anchor: str
    heading: str
    empty: str  # what the page says when the code asks nothing of this kind
    duties: tuple[DutyEntry, ...]


@dataclass(frozen=True, slots=True)
class CodePage:
    employer: str
    employer_name: str
    name: str
    version: str
    rules: tuple[RuleEntry, ...]
    clauses: tuple[QuotedClause, ...]  # each cited clause once, in the code's order
    duties: tuple[DutySection, ...] = ()
    token_limit: TokenLimit | None = None  # when a rule of the code applies it


def quote(
    employer: str,
    clause: str,
    cited_by: tuple[str, ...] = (),
    cited_by_duties: tuple[tuple[str, str], ...] = (),
) -> QuotedClause:
    text = clause_text(employer, clause)
    return QuotedClause(
        employer=employer,
        clause=clause,
        label=clause_label(employer, clause),
        anchor=clause_anchor(clause),
        paragraphs=tuple(text.split("\n")) if text else (),
        cited_by=cited_by,
        cited_by_duties=cited_by_duties,
    )


def role_words(spec: RoleSpec) -> str:
    """ "Line manager", or a ByLevel's own description of who it picks."""
    if isinstance(spec, ByLevel):
        description = spec.describe()
        return description[:1].upper() + description[1:]
    return labels.role(spec)


def type_words(rule: Rule) -> tuple[str, ...]:
    words = []
    for kind in DeclarationType:  # the contract's order, not the frozenset's
        if kind in rule.types:
            label = labels.declaration_type(kind)
            if kind == DeclarationType.GIFT:
                label += " given" if rule.covers_gifts_given else " received"
            words.append(label)
    return tuple(words)


def rule_entry(
    employer: str, rule: Rule, anchor: str, token_limit: TokenLimit | None = None
) -> RuleEntry:
    """A rule as its card shows it; one that applies the token limit says the figure
    `token_limit` (default: the contract's), in its reason too."""
    reason = rule.reason
    limit_words = None
    if rule.uses_token_limit:
        limit = token_limit or token_limit_for(None)
        reason = rule.reason.format(token_limit=money_words(limit.amount))
        limit_words = limit.words
    return RuleEntry(
        id=rule.id,
        anchor=anchor,
        condition=rule.condition,
        types=type_words(rule),
        outcome=rule.outcome.value if rule.outcome else None,
        outcome_label=labels.outcome(rule.outcome) if rule.outcome else "",
        outcome_meaning=OUTCOME_MEANING[rule.outcome],
        route=tuple(role_words(spec) for spec in rule.route),
        register_keeper=role_words(rule.register_keeper) if rule.register_keeper else None,
        flags=tuple(flag.value for flag in rule.flags),
        written=rule.written,
        deadline=rule.deadline.describe(rule.types) if rule.deadline is not None else None,
        reason=reason,
        citations=tuple(quote(employer, clause) for clause in rule.citations),
        token_limit=limit_words,
    )


def rule_anchors(rules: tuple[Rule, ...]) -> list[str]:
    """Unique HTML ids: a rule's id, suffixed "-2", "-3" where a module splits one matrix
    row (one id) into several rule objects, so "#EP-G1" still lands on the row's first."""
    seen: dict[str, int] = {}
    anchors = []
    for rule in rules:
        seen[rule.id] = seen.get(rule.id, 0) + 1
        anchors.append(rule.id if seen[rule.id] == 1 else f"{rule.id}-{seen[rule.id]}")
    return anchors


def _level_words(level: Level) -> str:
    return labels.level(level).lower()


def entries_words(entries: Entries) -> str:
    """ "Gifts and hospitality of officers at or above assistant director when declared"."""
    kinds = ", ".join(
        labels.declaration_type(kind).lower() for kind in DeclarationType if kind in entries.types
    )
    words = kinds[:1].upper() + kinds[1:] if kinds else "Every entry"
    if entries.at_or_above is not None:
        words += f" of officers at or above {_level_words(entries.at_or_above)}"
    if entries.below is not None:
        joiner = " and" if entries.at_or_above is not None else " of officers"
        words += f"{joiner} below {_level_words(entries.below)}"
    if entries.at_or_above is not None or entries.below is not None:
        words += " when they declared"
    if entries.register_keepers:
        keepers = " or ".join(
            labels.role(role).lower() for role in sorted(entries.register_keepers)
        )
        words += f" whose register keeper was recorded as the {keepers}"
    return words


def keeper_words(keeper: Keeper) -> str:
    """Who may see the register, from how it is kept."""
    role = labels.role(keeper.role).lower()
    if keeper.keeping is Keeping.EACH_KEEPER:
        return (
            f"Each person recorded as the {role} when the entry was declared keeps a register "
            "of their own; the monitoring officer sees them all"
        )
    if keeper.keeping is Keeping.SHARED_BY_KEEPERS:
        return (
            f"Each person recorded as the {role} when the entry was declared sees the entries "
            "they keep; the monitoring officer sees them all"
        )
    return f"The {role} in post; the monitoring officer sees it too"


def duty_sections(employer: str, duties: Duties) -> tuple[DutySection, ...]:
    """A section per kind of duty, each duty with the clause it rests on quoted."""
    registers = tuple(
        DutyEntry(
            anchor=f"register-{register.slug}",
            title=register.title,
            rows=(
                ("Kept by", register.keeper_words[:1].upper() + register.keeper_words[1:]),
                ("Who sees it", keeper_words(register.kept_by)),
                ("What it holds", register.summary),
                ("Entries", "; or ".join(entries_words(e) for e in register.entries)),
            ),
            citations=(quote(employer, register.cite),),
        )
        for register in duties.registers
    )
    annual: tuple[DutyEntry, ...] = ()
    if duties.annual_return is not None:
        annual_return = duties.annual_return
        annual = (
            DutyEntry(
                anchor="annual-return",
                title="An annual declaration of interests",
                rows=(
                    (
                        "Who makes it",
                        f"Officers at or above {_level_words(annual_return.at_or_above)}, "
                        "every year (and officers seconded in at those levels)",
                    ),
                    ("Made to", labels.role(annual_return.made_to)),
                ),
                citations=(quote(employer, annual_return.cite),),
            ),
        )
    reviews: tuple[DutyEntry, ...] = ()
    if duties.interest_reviews is not None:
        review = duties.interest_reviews
        reviews = (
            DutyEntry(
                anchor="interest-reviews",
                title="Reviews of declared interests",
                rows=(
                    ("Whose interests", f"Officers below {_level_words(review.below)}"),
                    (
                        "Reviewed by",
                        f"Their nearest {_level_words(review.reviewer_level)} up the line "
                        f"of management; with none, the {labels.role(review.fallback).lower()}",
                    ),
                    ("How often", f"At least every {review.every_months} months"),
                ),
                citations=(quote(employer, review.cite),),
            ),
        )
    hints = tuple(
        DutyEntry(
            anchor=f"hint-{hint.field}",
            title=f"Beside the question “{c.label(hint.field)}”",
            rows=(("The form says", hint.text),),
            citations=(quote(employer, hint.cite),),
        )
        for hint in duties.form_hints
    )
    deadlines = tuple(
        DutyEntry(
            anchor=deadline_anchor(deadline),
            title=f"{labels.declaration_type(deadline.type)}: "
            f"{labels.in_sentence(deadline.due.describe([deadline.type]))}",
            rows=(
                (
                    "Due",
                    f"{deadline.due.describe([deadline.type])} (from the rules that set it). "
                    "A declaration made later is marked late, with how late, on its entry, in "
                    "the register and on the dashboard",
                ),
            ),
            citations=tuple(quote(employer, cite) for cite in deadline.cites),
        )
        for deadline in duties.deadlines
    )
    dispositions = tuple(
        DutyEntry(
            anchor=f"disposition-{kind.value}",
            # "Gift: must be declined", in the outcome's own words.
            title=f"{labels.declaration_type(kind)}: "
            f"{labels.in_sentence(labels.outcome(Outcome.PROHIBITED, kind))}",
            rows=tuple(
                (option.words, option.hint or f"From {clause_label(employer, option.cite)}")
                for option in options
            ),
            citations=tuple(
                quote(employer, cite) for cite in dict.fromkeys(o.cite for o in options)
            ),
        )
        for kind in DeclarationType
        if (options := duties.dispositions_for(kind))
    )
    return (
        DutySection(
            "registers", "Registers the code names", "The code names no register.", registers
        ),
        DutySection(
            "annual-returns", "Annual declaration", "The code asks for no annual return.", annual
        ),
        DutySection("reviews", "Reviews of interests", "The code asks for no review.", reviews),
        DutySection(
            "deadlines", "Deadlines the dashboard watches", "The code sets no deadline.", deadlines
        ),
        DutySection(
            "dispositions",
            "What the officer may say happened to it",
            "The code says nothing of it.",
            dispositions,
        ),
        DutySection("form-hints", "Hints on the declaration forms", "None.", hints),
    )


def deadline_anchor(deadline: Deadline) -> str:
    """ "deadline-gift", or "deadline-gift-event" for one counted from the event date (a
    type may have both)."""
    suffix = "-event" if deadline.due.after == "event_date" else ""
    return f"deadline-{deadline.type.value}{suffix}"


def code_page(employer: str, organisation: Organisation | None = None) -> CodePage:
    """Everything the page for one code shows; ValueError for an unknown employer.

    `organisation`, the register's organisation with that code, gives the token limit
    its rules apply today; without one the page states the contract's default."""
    code = Employer(employer)
    module = policies.module_for(code)
    token_limit = token_limit_for(organisation)
    rules = tuple(
        rule_entry(code.value, rule, anchor, token_limit)
        for rule, anchor in zip(module.RULES, rule_anchors(module.RULES), strict=True)
    )
    cited_by: dict[str, list[str]] = {}
    for rule in module.RULES:
        for clause in rule.citations:
            ids = cited_by.setdefault(clause, [])
            if rule.id not in ids:
                ids.append(rule.id)
    sections = duty_sections(code.value, policies.duties_for(code))
    duty_cites: dict[str, list[tuple[str, str]]] = {}
    for section in sections:
        for duty in section.duties:
            for quoted in duty.citations:
                duty_cites.setdefault(quoted.clause, []).append((duty.anchor, duty.title))
    document_order = {clause: position for position, clause in enumerate(clauses_of(code))}
    cited = [*cited_by, *(clause for clause in duty_cites if clause not in cited_by)]
    ordered = sorted(cited, key=lambda clause: document_order.get(clause, len(document_order)))
    return CodePage(
        employer=code.value,
        employer_name=labels.employer(code),
        name=module.NAME,
        version=module.VERSION,
        rules=rules,
        clauses=tuple(
            quote(
                code.value,
                clause,
                tuple(cited_by.get(clause, ())),
                tuple(duty_cites.get(clause, ())),
            )
            for clause in ordered
        ),
        duties=sections,
        token_limit=token_limit if any(r.uses_token_limit for r in module.RULES) else None,
    )


# --- views -------------------------------------------------------------------------
# Sign-in required (LoginRequiredMiddleware): staff and auditors read these pages.


def policy_index(request: HttpRequest) -> HttpResponse:
    """The five codes of conduct, each linking to its rules."""
    codes = [
        {
            "employer": code.value,
            "employer_name": labels.employer(code),
            "name": module.NAME,
            "version": module.VERSION,
            "rule_count": len(module.RULES),
        }
        for code, module in policies.MODULES.items()
    ]
    return render(request, "policies/index.html", {"codes": codes})


def policy_detail(request: HttpRequest, employer: str) -> HttpResponse:
    """Every rule of one code, from its module, with the clauses it cites quoted."""
    if employer not in Employer._value2member_map_:
        raise Http404("No such code of conduct.")
    page = code_page(employer, Organisation.objects.filter(code=employer).first())
    return render(request, "policies/detail.html", {"page": page})
