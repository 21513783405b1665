"""The register's settings (policy-contract.md, "settings"): what each organisation's
monitoring officer may change, and the record of every change.

Today there is one setting, the token limit: a gift worth this much or more is not a
token under a code that says "token value" or "nominal value" without a figure. A change
and its RegisterSettingChange row are written in one transaction, so the register never
holds a figure nobody is recorded as setting; the security log records it too, so the
monitoring officer's log shows every change that alters verdicts.

A verdict keeps the figure it was reached with (declarations.facts.verdict_record), so a
change never re-judges what was filed; drafts and new filings use the new figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

import policies
from declarations import access, security_log
from declarations.choices import RegisterSetting, SecurityEventKind
from declarations.models import Organisation, RegisterSettingChange
from declarations.policy_reference import QuotedClause, quote
from policies import county_council
from policies.facts import MAX_MONEY
from policies.vocabulary import Employer

# Money as the register stores it (models.money_field: 12 digits, 2 of them pence).
MAX_TOKEN_LIMIT_GBP = MAX_MONEY
MAX_REASON_LENGTH = 2000
# The settings page lists this many changes, newest first (the admin lists them all).
HISTORY_SHOWN = 50

# Codes that fix a figure of their own and ignore the setting: (figure, clause).
OWN_FIGURE: dict[Employer, tuple[Decimal, str]] = {
    Employer.COUNTY_COUNCIL: (county_council.TOKEN_LIMIT_GBP, county_council.TOKEN_LIMIT_CITE),
}


class SettingRefused(ValueError):
    """A change the register will not record, with the form field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def settings_organisations(user: User | AnonymousUser) -> list[Organisation]:
    """The organisations whose settings this person may change: those whose monitoring
    officer they are today. Deny by default: a system administrator holding no such role
    changes none (the admin shows the settings read-only)."""
    ids = access.monitoring_officer_of(user)
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def may_change_settings(user: User | AnonymousUser) -> bool:
    """Whether the person is any organisation's monitoring officer today (no query: the
    roles are read once a request)."""
    return bool(access.monitoring_officer_of(user))


def check_token_limit(value: Decimal) -> Decimal:
    """The limit as stored (2 places), or SettingRefused naming the field."""
    if not value.is_finite():
        raise SettingRefused("token_limit_gbp", "Enter the token limit as an amount, like 25.00")
    if value <= 0:
        raise SettingRefused("token_limit_gbp", "The token limit must be more than £0.00")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise SettingRefused(
            "token_limit_gbp", "The token limit can have no more than 2 decimal places (pence)"
        )
    if value > MAX_TOKEN_LIMIT_GBP:
        raise SettingRefused(
            "token_limit_gbp",
            f"The token limit must be {policies.core.money_words(MAX_TOKEN_LIMIT_GBP)} or less",
        )
    return value.quantize(Decimal("0.01"))


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise SettingRefused("reason", "Enter why you are changing the token limit")
    if len(reason) > MAX_REASON_LENGTH:
        raise SettingRefused(
            "reason", f"The reason must be {MAX_REASON_LENGTH} characters or fewer"
        )
    return reason


def change_token_limit(
    organisation: Organisation, new_limit: Decimal, changed_by: User, reason: str
) -> RegisterSettingChange:
    """Set the organisation's token limit and record who changed it, from what, and why.

    Both are written in one transaction, the organisation's row locked so two changes at
    once are recorded one after the other, each from the figure the other left. Raises
    SettingRefused (nothing written) for a limit that is not money above nothing, no
    reason, or the figure it already is. `organisation` is left holding the new figure.
    """
    new_limit = check_token_limit(new_limit)
    reason = check_reason(reason)
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        old_limit = locked.token_limit_gbp
        if old_limit == new_limit:
            raise SettingRefused(
                "token_limit_gbp",
                f"The token limit is already {policies.core.money_words(old_limit)}",
            )
        locked.token_limit_gbp = new_limit
        locked.save(update_fields=["token_limit_gbp"])
        change = RegisterSettingChange.objects.create(
            organisation=locked,
            setting=RegisterSetting.TOKEN_LIMIT_GBP,
            old_value=format(old_limit, ".2f"),
            new_value=format(new_limit, ".2f"),
            changed_by=changed_by,
            reason=reason,
        )
        security_log.record(
            SecurityEventKind.REGISTER_SETTING_CHANGED,
            user=changed_by,
            organisation=locked,
            setting=change.setting,
            old_value=change.old_value,
            new_value=change.new_value,
        )
    organisation.token_limit_gbp = new_limit
    return change


def history(organisation: Organisation, limit: int = HISTORY_SHOWN) -> list[RegisterSettingChange]:
    """The latest changes of the organisation's settings, newest first, with who made them."""
    return list(
        RegisterSettingChange.objects.filter(organisation=organisation)
        .select_related("changed_by")
        .order_by("-at", "-id")[:limit]
    )


@dataclass(frozen=True, slots=True)
class TokenLimitUse:
    """What an organisation's own code does with the token limit, with its clauses."""

    applies: bool  # the setting changes verdicts under this code
    words: str
    clauses: tuple[QuotedClause, ...]
    rule_ids: tuple[str, ...] = ()


def token_limit_use(employer: Employer | str) -> TokenLimitUse:
    """Read from the code's module: the rules that apply the setting and the clauses they
    rest on, a figure of the code's own, or neither."""
    code = Employer(employer)
    module = policies.module_for(code)
    rules = [rule for rule in module.RULES if rule.uses_token_limit]
    if rules:
        clauses = dict.fromkeys(clause for rule in rules for clause in rule.citations)
        return TokenLimitUse(
            applies=True,
            words=(
                "Your code lets an officer keep a gift of token (or nominal) value without "
                "giving a figure: the register treats a gift as a token only when it is worth "
                "less than this limit."
            ),
            clauses=tuple(quote(code.value, clause) for clause in clauses),
            rule_ids=tuple(dict.fromkeys(rule.id for rule in rules)),
        )
    if code in OWN_FIGURE:
        figure, clause = OWN_FIGURE[code]
        return TokenLimitUse(
            applies=False,
            words=(
                f"Your code fixes its own figure, {policies.core.money_words(figure)}, so the "
                "register ignores this setting for it: changing it changes no verdict under "
                "your code."
            ),
            clauses=(quote(code.value, clause),),
        )
    return TokenLimitUse(
        applies=False,
        words=(
            "Your code has no token exception, so this setting changes no verdict under it. "
            "It is kept for your register all the same."
        ),
        clauses=(),
    )
