"""Which officer an identity from an employer's identity provider signs in as.

The first time, the provider's verified email finds the one active officer of that
employer with that email, and the identity (issuer, subject) is recorded against them;
from then on only the identity counts, so a changed email changes nothing. Nobody is
ever created here: an identity that matches no active officer is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from declarations import clock
from declarations.choices import OrganisationRole
from declarations.models import Officer, Organisation, RoleAssignment, SignInIdentity

# Why a sign-in was refused: the words the security log records.
NO_EMAIL = "the provider sent no email address"
EMAIL_NOT_VERIFIED = "the provider says the email address is not verified"
NO_OFFICER = "no active officer of this employer has this email address"
SEVERAL_OFFICERS = "several active officers of this employer have this email address"
LINKED_ELSEWHERE = "the officer already signs in with another identity at this provider"
LEAVER = "the officer has left or their account is closed"


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: its issuer and subject, and the email it gives."""

    issuer: str
    subject: str
    email: str = ""
    email_verified: bool | None = None  # None when the provider does not say

    @classmethod
    def from_claims(cls, issuer: str, claims: dict[str, Any]) -> Identity:
        verified = claims.get("email_verified")
        if isinstance(verified, str):  # some providers send "true"/"false"
            verified = verified.strip().lower() == "true"
        return cls(
            issuer=issuer,
            subject=str(claims.get("sub", "")),
            email=str(claims.get("email") or "").strip(),
            email_verified=verified if isinstance(verified, bool) else None,
        )


class SignInRefused(Exception):
    """An identity that may not sign in: why, and for whom (as far as known)."""

    def __init__(
        self,
        reason: str,
        *,
        organisation: Organisation | None,
        identity: Identity | None = None,
        user: User | None = None,
        leaver: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.organisation = organisation
        self.identity = identity
        self.user = user
        self.leaver = leaver


def officer_for(employer_code: str, identity: Identity) -> Officer:
    """The officer this identity signs in as, its SignInIdentity recorded or touched.

    Raises SignInRefused for an unknown identity, an unverified email, several matches,
    or a leaver (an inactive officer or user)."""
    organisation = Organisation.objects.filter(code=employer_code).first()
    known = (
        SignInIdentity.objects.select_related("officer__user", "officer__organisation")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    if known is not None:
        officer = known.officer
        _refuse_a_leaver(officer, identity)
        known.last_signed_in_at = clock.now()
        known.save(update_fields=["last_signed_in_at"])
        return officer
    officer = _officer_by_email(organisation, identity)
    if SignInIdentity.objects.filter(officer=officer, issuer=identity.issuer).exists():
        raise SignInRefused(
            LINKED_ELSEWHERE, organisation=organisation, identity=identity, user=officer.user
        )
    _record(officer, identity)
    return officer


def _officer_by_email(organisation: Organisation | None, identity: Identity) -> Officer:
    if identity.email_verified is False:
        raise SignInRefused(EMAIL_NOT_VERIFIED, organisation=organisation, identity=identity)
    if not identity.email:
        raise SignInRefused(NO_EMAIL, organisation=organisation, identity=identity)
    if organisation is None:
        raise SignInRefused(NO_OFFICER, organisation=None, identity=identity)
    same_email = Officer.objects.select_related("user", "organisation").filter(
        organisation=organisation, user__email__iexact=identity.email
    )
    active = [each for each in same_email if each.active and each.user.is_active]
    if len(active) > 1:
        raise SignInRefused(SEVERAL_OFFICERS, organisation=organisation, identity=identity)
    if active:
        return active[0]
    # Only a leaver has this email: say so, rather than that they were never set up.
    leaver = next(iter(same_email), None)
    if leaver is not None:
        _refuse_a_leaver(leaver, identity)
    raise SignInRefused(NO_OFFICER, organisation=organisation, identity=identity)


def _refuse_a_leaver(officer: Officer, identity: Identity) -> None:
    if not officer.active or not officer.user.is_active:
        raise SignInRefused(
            LEAVER,
            organisation=officer.organisation,
            identity=identity,
            user=officer.user,
            leaver=True,
        )


def _record(officer: Officer, identity: Identity) -> None:
    """Record the identity; two first sign-ins at once leave one row (the unique pair)."""
    try:
        with transaction.atomic():
            SignInIdentity.objects.create(
                officer=officer, issuer=identity.issuer, subject=identity.subject
            )
    except IntegrityError:
        pass


def contact_for(organisation: Organisation | None) -> str:
    """Whom to ask to be set up: the employer's current monitoring officer, if any."""
    if organisation is None:
        return ""
    holder = (
        RoleAssignment.objects.current()
        .filter(
            organisation=organisation,
            role=OrganisationRole.MONITORING_OFFICER,
            officer__active=True,
        )
        .select_related("officer__user")
        .first()
    )
    return holder.officer.full_name if holder is not None else ""
