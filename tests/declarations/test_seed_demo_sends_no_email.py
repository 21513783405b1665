"""Loading the demo goes through the real services, which email the people concerned;
the demo's people are fictional, so nothing is sent (nor printed over the logins)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from declarations.models import ApprovalStep


@pytest.mark.django_db(transaction=True)  # emails go out when the transaction commits
def test_seeding_the_demo_sends_no_email(mailoutbox):
    call_command("seed_demo", "--quiet", "--force", stdout=StringIO(), stderr=StringIO())

    assert ApprovalStep.objects.exists()  # routes were opened, which would have emailed
    assert mailoutbox == []
