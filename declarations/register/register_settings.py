"""The register's settings (policy-contract.md, "settings"): what each organisation's
monitoring officer may change, and the record of every change.

Three settings: the token limit (a gift worth this much or more is not a token under a
code that says "token value" or "nominal value" without a figure); how many years each
type of entry is kept (the retention schedule, privacy.years_for; issue 14); and how many
months an ended interest or outside work stays in the published register. A change and
its RegisterSettingChange row are written in one transaction, the organisation's row
locked, so the register never holds a figure nobody is recorded as setting; the security
log records it too, so the monitoring officer's log shows every change.

A verdict keeps the figure it was reached with (declarations.facts.verdict_record), so a
change never re-judges what was filed; drafts and new filings use the new figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

import policies
from declarations import access, labels, privacy, security_log
from declarations.choices import RegisterSetting, SecurityEventKind
from declarations.models import Organisation, RegisterSettingChange, RetentionPeriod
from declarations.policy_reference import QuotedClause, quote
from policies import county_council
from policies.facts import MAX_MONEY
from policies.vocabulary import DeclarationType, Employer

# Money as the register stores it (models.money_field: 12 digits, 2 of them pence).
MAX_TOKEN_LIMIT_GBP = MAX_MONEY
MAX_REASON_LENGTH = 2000
# The settings page lists this many changes, newest first (the admin lists them all).
HISTORY_SHOWN = 50
# How long an ended interest or outside work may stay published: up to ten years.
MAX_PUBLICATION_DROP_MONTHS = 120
# What starts the retention clock (privacy/retention.py applies it).
RETENTION_CLOCK_WORDS = privacy.CLOCK_WORDS

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


def check_reason(reason: str, what: str = "the token limit") -> str:
    """The reason as kept (trimmed), or SettingRefused: every change says why."""
    reason = reason.strip()
    if not reason:
        raise SettingRefused("reason", f"Enter why you are changing {what}")
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
        change = _record(
            locked,
            RegisterSetting.TOKEN_LIMIT_GBP,
            format(old_limit, ".2f"),
            format(new_limit, ".2f"),
            changed_by,
            reason,
        )
    organisation.token_limit_gbp = new_limit
    return change


def _record(
    organisation: Organisation,
    setting: RegisterSetting,
    old_value: str,
    new_value: str,
    changed_by: User,
    reason: str,
    declaration_type: str = "",
) -> RegisterSettingChange:
    """The change's history row and its security-log event (the reason stays out of the
    log: it is free text). Called inside the change's transaction."""
    change = RegisterSettingChange.objects.create(
        organisation=organisation,
        setting=setting,
        old_value=old_value,
        new_value=new_value,
        changed_by=changed_by,
        reason=reason,
        declaration_type=declaration_type,
    )
    detail: dict[str, Any] = {
        "setting": change.setting,
        "old_value": old_value,
        "new_value": new_value,
    }
    if declaration_type:
        detail["declaration_type"] = declaration_type
    security_log.record(
        SecurityEventKind.REGISTER_SETTING_CHANGED,
        user=changed_by,
        organisation=organisation,
        **detail,
    )
    return change


# --- how long entries are kept (the retention schedule) -----------------------------------


def check_type(kind: str) -> DeclarationType:
    """A type of declaration, or SettingRefused naming the field."""
    try:
        return DeclarationType(kind)
    except ValueError:
        raise SettingRefused("type", "Select the type of declaration") from None


def check_years(years: int) -> int:
    """A retention period from 1 to privacy.MAX_YEARS years, or SettingRefused."""
    if years < 1:
        raise SettingRefused("years", "The period must be at least 1 year")
    if years > privacy.MAX_YEARS:
        raise SettingRefused("years", f"The period must be {privacy.MAX_YEARS} years or fewer")
    return years


def years_words(years: int | str) -> str:
    """A period as typed or as the history stores it ("6")."""
    return labels.how_many(int(years), "year")


def change_retention_years(
    organisation: Organisation, kind: str, years: int, changed_by: User, reason: str
) -> RegisterSettingChange:
    """Keep the organisation's entries of one type for `years` after they close, and
    record who changed it, from what, and why.

    The organisation's row is locked, so two changes at once are recorded one after the
    other; the period is written as a RetentionPeriod row (upserted) with its history row
    in the same transaction. Raises SettingRefused (nothing written) for an unknown type,
    a period outside 1 to MAX_YEARS, no reason, or the period it already is.
    """
    kind = check_type(kind).value
    years = check_years(years)
    reason = check_reason(reason, "how long entries are kept")
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        stored = RetentionPeriod.objects.filter(organisation=locked, type=kind).first()
        old_years = stored.years if stored is not None else privacy.DEFAULT_YEARS
        if old_years == years:
            raise SettingRefused(
                "years",
                f"{labels.declaration_type(kind)} entries are already kept for "
                f"{years_words(years)}",
            )
        RetentionPeriod.objects.update_or_create(
            organisation=locked, type=kind, defaults={"years": years}
        )
        return _record(
            locked,
            RegisterSetting.RETENTION_YEARS,
            str(old_years),
            str(years),
            changed_by,
            reason,
            declaration_type=kind,
        )


# --- how long an ended entry stays published ------------------------------------------------


def check_months(months: int) -> int:
    """Months from 0 to MAX_PUBLICATION_DROP_MONTHS, or SettingRefused."""
    if months < 0:
        raise SettingRefused("months", "The number of months must be 0 or more")
    if months > MAX_PUBLICATION_DROP_MONTHS:
        raise SettingRefused(
            "months", f"The number of months must be {MAX_PUBLICATION_DROP_MONTHS} or fewer"
        )
    return months


def months_words(months: int | str) -> str:
    """A period as typed or as the history stores it ("6")."""
    return labels.how_many(int(months), "month")


def change_publication_drop_months(
    organisation: Organisation, months: int, changed_by: User, reason: str
) -> RegisterSettingChange:
    """Keep an ended interest or outside work in the published register for `months`
    after it ended (0: it drops out at the next publication), recorded like the token
    limit, in one transaction. `organisation` is left holding the new figure."""
    months = check_months(months)
    reason = check_reason(reason, "how long ended entries stay published")
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        old_months = locked.publication_drop_months
        if old_months == months:
            raise SettingRefused("months", f"It is already {months_words(months)}")
        locked.publication_drop_months = months
        locked.save(update_fields=["publication_drop_months"])
        change = _record(
            locked,
            RegisterSetting.PUBLICATION_DROP_MONTHS,
            str(old_months),
            str(months),
            changed_by,
            reason,
        )
    organisation.publication_drop_months = months
    return change


def history(organisation: Organisation, limit: int = HISTORY_SHOWN) -> list[RegisterSettingChange]:
    """The latest changes of the organisation's settings, newest first, with who made them."""
    return list(
        RegisterSettingChange.objects.filter(organisation=organisation)
        .select_related("changed_by")
        .order_by("-at", "-id")[:limit]
    )


def value_words(setting: str, value: str) -> str:
    """A recorded value in words: "£25.00", "6 years", "6 months"."""
    if setting == RegisterSetting.TOKEN_LIMIT_GBP:
        return f"£{value}"
    if setting == RegisterSetting.RETENTION_YEARS:
        return years_words(value)
    if setting == RegisterSetting.PUBLICATION_DROP_MONTHS:
        return months_words(value)
    return value


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One change as the history table shows it."""

    change: RegisterSettingChange
    setting: str  # "Retention period: Gift"
    old_words: str
    new_words: str


def history_rows(changes: list[RegisterSettingChange]) -> list[ChangeRow]:
    return [
        ChangeRow(
            change=change,
            setting=change.get_setting_display()
            + (
                f": {labels.declaration_type(change.declaration_type)}"
                if change.declaration_type
                else ""
            ),
            old_words=value_words(change.setting, change.old_value),
            new_words=value_words(change.setting, change.new_value),
        )
        for change in changes
    ]


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
