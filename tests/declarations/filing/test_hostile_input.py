"""Whatever is typed or posted: a clear error or a faithful record, never a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.models import Declaration
from tests.declarations.filing.helpers import VALID, file_draft, new_url, visible_text

SCRIPT = "<script>alert('owned')</script>"
MARKUP = '<b onmouseover="steal()">Acme</b> & "Sons" <img src=x onerror=alert(1)>'
UNICODE = "Zoë Ångström 🎁👩🏽‍💼 هدية من شركة אבג \u2013 naïve café ﷺ"


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


# --- length -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("counterparty", 100_000, "The name must be 300 characters or fewer"),
        ("description", 1_000_000, "The description must be 5,000 characters or fewer"),
    ],
)
def test_very_long_text_is_a_form_error(name, size, message, signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], name: "x" * size, "action": "continue"}
    )

    assert response.status_code == 200
    assert message in visible_text(response)
    assert Declaration.objects.count() == 0


def test_very_long_text_is_refused_in_a_draft_too(signed_in):
    response = signed_in.post(new_url("gift"), {"counterparty": "y" * 301, "action": "save"})

    assert response.status_code == 200
    assert Declaration.objects.count() == 0


def test_very_long_text_does_not_break_a_check(signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], "description": "z" * 10_000, "action": "check"}
    )

    assert response.status_code == 200
    assert "What your code says" in visible_text(response)


# --- markup -----------------------------------------------------------------------------


def test_markup_is_stored_as_typed_and_shown_as_text_everywhere(signed_in):
    declaration = file_draft(signed_in, "gift", counterparty=SCRIPT, description=MARKUP)

    assert (declaration.counterparty, declaration.description) == (SCRIPT, MARKUP)
    pages = [
        signed_in.get(reverse("declaration-check", args=[declaration.pk])),
        signed_in.get(reverse("declaration-edit", args=[declaration.pk])),
        signed_in.get(reverse("declaration-detail", args=[declaration.pk])),
        signed_in.get(reverse("home")),
    ]
    signed_in.post(reverse("declaration-submit", args=[declaration.pk]))
    pages.append(signed_in.get(reverse("declaration-confirmation", args=[declaration.pk])))
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert SCRIPT not in html
        assert "<b onmouseover" not in html
        assert "<img src=x" not in html
    check_html = pages[0].content.decode()
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in check_html
    assert "&lt;b onmouseover=&quot;steal()&quot;&gt;Acme&lt;/b&gt; &amp; &quot;Sons&quot;" in (
        check_html
    )


def test_markup_typed_with_an_error_is_shown_back_as_text(signed_in):
    response = signed_in.post(
        new_url("gift"),
        {**VALID["gift"], "counterparty": SCRIPT, "value_gbp": SCRIPT, "action": "continue"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in html
    assert 'value="&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;"' in html


def test_markup_in_a_withdrawal_reason_is_kept_and_escaped(signed_in):
    declaration = file_draft(signed_in, "gift")

    signed_in.post(reverse("declaration-withdraw", args=[declaration.pk]), {"reason": SCRIPT})

    assert declaration.events.get(action="withdraw").note == SCRIPT
    html = signed_in.get(reverse("declaration-detail", args=[declaration.pk])).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "name", ["donor_category", "form", "status", "token_item", "offered_to", "direction"]
)
def test_a_posted_choice_that_is_not_offered_is_an_error_not_a_crash(name, signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], name: SCRIPT, "action": "continue"}
    )

    assert response.status_code == 200
    assert "There is a problem" in visible_text(response)
    assert SCRIPT not in response.content.decode()
    assert Declaration.objects.count() == 0


def test_an_unknown_type_posted_to_the_first_question_is_an_error(signed_in):
    response = signed_in.post(reverse("declaration-new"), {"type": "../../admin"})

    assert response.status_code == 200
    assert "Select what you want to declare" in visible_text(response)


# --- unicode ----------------------------------------------------------------------------


def test_unicode_round_trips_exactly(signed_in):
    declaration = file_draft(signed_in, "relationship", counterparty=UNICODE, description=UNICODE)

    assert declaration.counterparty == UNICODE
    assert declaration.description == UNICODE
    for name in ("declaration-check", "declaration-edit", "declaration-detail"):
        html = signed_in.get(reverse(name, args=[declaration.pk])).content.decode()
        assert UNICODE in html
    signed_in.post(reverse("declaration-submit", args=[declaration.pk]))
    declaration.refresh_from_db()
    assert declaration.counterparty == UNICODE
    assert declaration.status != "draft"


def test_null_characters_are_refused_with_a_message(signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], "counterparty": "Acme\x00Ltd", "action": "continue"}
    )

    assert response.status_code == 200
    assert "contains a character that cannot be saved" in visible_text(response)
    assert Declaration.objects.count() == 0


# --- numbers and dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-0.01", "The value must be £0 or more"),
        ("-99999999999999999999", "The value must be £0 or more"),
        ("99999999999999999999999999999", "The value must be £9,999,999,999.99 or less"),
        ("Infinity", "Enter the value in pounds, like 25 or 24.99"),
        ("0x10", "Enter the value in pounds, like 25 or 24.99"),
        ("1" + "0" * 5000, "The value must be £9,999,999,999.99 or less"),
    ],
)
@pytest.mark.parametrize("action", ["continue", "save", "check"])
def test_negative_or_huge_money_is_a_field_error(typed, message, action, signed_in):
    response = signed_in.post(
        new_url("gift"), {**VALID["gift"], "value_gbp": typed, "action": action}
    )

    assert response.status_code == 200
    assert message in visible_text(response)
    assert Declaration.objects.count() == 0


def test_the_largest_amount_allowed_is_stored_to_the_penny(signed_in):
    declaration = file_draft(signed_in, "gift", value_gbp="£9,999,999,999.99")

    assert declaration.detail.value_gbp == Decimal("9999999999.99")
    text = visible_text(signed_in.get(reverse("declaration-check", args=[declaration.pk])))
    assert "£9,999,999,999.99" in text


@pytest.mark.parametrize("hours", ["-5", "1e9", "169", "99999999999999999999"])
def test_impossible_hours_are_a_field_error(hours, signed_in):
    response = signed_in.post(
        new_url("outside_work"),
        {**VALID["outside_work"], "hours_per_week": hours, "action": "save"},
    )

    assert response.status_code == 200
    assert Declaration.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("99999999999999999999", "1", "2026"),
        ("-1", "1", "2026"),
        ("1", "1", "9999"),
        ("1", "1", "0001"),
        ("\u0661", "\u0661", "\u0662\u0660\u0662\u0666"),
        (SCRIPT, "1", "2026"),
    ],
)
@pytest.mark.parametrize("action", ["continue", "save", "check"])
def test_impossible_dates_are_a_field_error(day, month, year, action, signed_in):
    response = signed_in.post(
        new_url("interest"),
        {**VALID["interest"], "date_0": day, "date_1": month, "date_2": year, "action": action},
    )

    assert response.status_code == 200
    assert "There is a problem" in visible_text(response)
    assert SCRIPT not in response.content.decode()
    assert Declaration.objects.count() == 0


# --- odd requests -----------------------------------------------------------------------


def test_an_unknown_button_is_treated_as_continue(signed_in):
    response = signed_in.post(new_url("gift"), {**VALID["gift"], "action": "delete-everything"})

    assert response.status_code == 302
    assert Declaration.objects.get().status == "draft"


def test_repeated_fields_do_not_crash(signed_in):
    data = {**VALID["gift"], "action": "continue"}
    data["counterparty"] = ["One", "Two"]
    data["date_0"] = ["1", "2"]

    response = signed_in.post(new_url("gift"), data)

    assert response.status_code in (200, 302)


def test_an_empty_post_is_a_list_of_questions_to_answer(signed_in):
    response = signed_in.post(new_url("outside_work"))

    assert response.status_code == 200
    assert "Select what kind of work it is" in visible_text(response)


def test_a_non_numeric_declaration_address_is_not_found(signed_in):
    assert signed_in.get("/declarations/abc/").status_code == 404
    assert signed_in.get("/declarations/1;DROP TABLE/").status_code == 404
