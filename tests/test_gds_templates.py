"""The crispy-forms-gds 2.0.1 template overrides in templates/gds/ (see docs/frontend.md).

Each test renders a small bound form with errors through crispy and checks that one of
the package's bugs is fixed: inline radios without the base govuk-radios class, error
summary links to radios pointing at an id that does not exist, inputs losing
govuk-input--error, and selects getting govuk-input--error instead of govuk-select--error.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.template import Context, Template

# crispy's FormHelper reverses its form action, which loads the URLconf: use an empty one
# (this module's urlpatterns) so these template tests do not depend on the project's views.
pytestmark = pytest.mark.urls(__name__)
urlpatterns: list = []

CHOICES = [("gift", "Gift"), ("hospitality", "Hospitality")]
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you declaring?", choices=CHOICES, widget=forms.RadioSelect
    )
    accepted = forms.ChoiceField(
        label="Did you accept it?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    donor = forms.ChoiceField(
        label="Who offered it?", choices=[("", "Choose"), ("supplier", "A supplier")]
    )
    reference = forms.CharField(max_length=4)
    email = forms.EmailField()
    hours = forms.IntegerField()
    notes = forms.CharField(widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("kind"),
            Field.radios("accepted", inline=True),
            Field.select("donor"),
            Field.text("reference", field_width=10),
            Field.text("email", field_width=20),
            Field.text("hours", field_width=5),
            Field.textarea("notes"),
        )

    def clean(self):
        raise forms.ValidationError("Check your answers")


INVALID_DATA = {"reference": "far too long", "email": "not an email", "hours": "lots"}


class Elements(HTMLParser):
    """Every start tag, with its attributes and the id of its crispy field wrapper."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[dict] = []
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        wrappers = [i for _, i in self._open if i and i.startswith("div_id_")]
        self.found.append(
            {"tag": tag, "attrs": attributes, "field": wrappers[-1][7:] if wrappers else None}
        )
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, attributes.get("id")))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def by_id(self, element_id: str) -> dict:
        (element,) = [e for e in self.found if e["attrs"].get("id") == element_id]
        return element

    def classes(self, element_id: str) -> list[str]:
        return self.by_id(element_id)["attrs"]["class"].split()

    def radios_container(self, field: str) -> dict:
        (element,) = [
            e
            for e in self.found
            if e["field"] == field
            and "govuk-radios" in e["attrs"].get("class", "")
            and e["tag"] == "div"
            and "govuk-radios__item" not in e["attrs"]["class"]
        ]
        return element

    def summary_links(self) -> list[str]:
        return [e["attrs"]["href"] for e in self.found if e["tag"] == "a"]


def render(form: forms.Form, source: str = "{% error_summary form %}{% crispy form %}") -> str:
    template = Template("{% load crispy_forms_tags crispy_forms_gds %}" + source)
    return template.render(Context({"form": form}))


def invalid_form() -> DeclarationForm:
    form = DeclarationForm(data=INVALID_DATA)
    assert not form.is_valid()
    return form


def test_inline_radios_keep_the_base_class():
    html = render(invalid_form())

    assert 'class="govuk-radios govuk-radios--inline"' in html
    assert Elements(html).radios_container("accepted")["attrs"]["class"].split() == [
        "govuk-radios",
        "govuk-radios--inline",
    ]


def test_radios_that_are_not_inline_are_plain_govuk_radios():
    container = Elements(render(invalid_form())).radios_container("kind")

    assert container["attrs"]["class"] == "govuk-radios"
    assert container["attrs"]["data-module"] == "govuk-radios"


def test_error_summary_links_radios_to_their_first_input():
    html = render(invalid_form())
    elements = Elements(html)

    assert 'href="#id_kind_1"' in html
    assert 'href="#id_accepted_1"' in html
    assert 'href="#id_kind"' not in html
    assert 'href="#id_accepted"' not in html
    for href in elements.summary_links():
        assert elements.by_id(href.removeprefix("#"))["tag"] in {"input", "select", "textarea"}


def test_error_summary_links_non_field_errors_to_a_first_radio_input():
    html = render(invalid_form())

    assert '<a href="#id_kind_1">Check your answers</a>' in html


def test_error_summary_links_other_fields_to_their_own_id():
    links = Elements(render(invalid_form())).summary_links()

    for field in ("donor", "reference", "email", "hours", "notes"):
        assert f"#id_{field}" in links


def test_error_summary_without_a_form_helper():
    class PlainForm(forms.Form):
        choice = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)

    form = PlainForm(data={})
    assert not form.is_valid()
    html = render(form, "{% error_summary form %}")

    assert 'class="govuk-error-summary"' in html
    assert '<div role="alert">' in html
    assert 'href="#id_choice_1"' in html


def test_select_gets_the_select_error_class():
    html = render(invalid_form())
    classes = Elements(html).classes("id_donor")

    assert "govuk-select--error" in html
    assert classes == ["govuk-select", "govuk-select--error"]
    assert "govuk-input--error" not in classes


def test_text_input_with_a_width_keeps_its_error_class():
    classes = Elements(render(invalid_form())).classes("id_reference")

    assert {"govuk-input", "govuk-input--width-10", "govuk-input--error"} <= set(classes)
    assert classes.count("govuk-input--error") == 1


def test_email_input_with_a_width_gets_the_error_class():
    classes = Elements(render(invalid_form())).classes("id_email")

    assert {"govuk-input", "govuk-input--width-20", "govuk-input--error"} <= set(classes)
    assert classes.count("govuk-input--error") == 1


def test_number_input_with_a_width_gets_the_base_and_error_classes():
    classes = Elements(render(invalid_form())).classes("id_hours")

    assert {"govuk-input", "govuk-input--width-5", "govuk-input--error"} <= set(classes)


def test_textarea_gets_the_textarea_error_class():
    classes = Elements(render(invalid_form())).classes("id_notes")

    assert classes == ["govuk-textarea", "govuk-textarea--error"]


def test_fields_without_errors_get_no_error_classes():
    html = render(DeclarationForm())
    elements = Elements(html)

    assert "--error" not in html
    assert "govuk-error-summary" not in html
    assert elements.classes("id_donor") == ["govuk-select"]
    assert elements.classes("id_reference") == ["govuk-input", "govuk-input--width-10"]
    assert elements.classes("id_hours") == ["numberinput", "govuk-input--width-5", "govuk-input"]
    assert elements.radios_container("accepted")["attrs"]["class"] == (
        "govuk-radios govuk-radios--inline"
    )


def test_crispy_filter_uses_the_overrides_too():
    class FilterForm(forms.Form):
        donor = forms.ChoiceField(choices=[("", "Choose"), ("supplier", "A supplier")])

    form = FilterForm(data={})
    assert not form.is_valid()
    classes = Elements(render(form, "{{ form|crispy }}")).classes("id_donor")

    assert classes == ["govuk-select", "govuk-select--error"]


# --- the GOV.UK date input (declarations/date_input.py, gds/date_input.html) ------------


class DateForm(forms.Form):
    from declarations.date_input import DateInputField

    when = DateInputField(label="When was it?", required_message="Enter the date it was")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("when"))


def test_a_wrong_date_is_one_error_in_the_summary_linked_to_the_day_box():
    form = DateForm(data={"when-day": "31", "when-month": "2", "when-year": "2026"})
    assert not form.is_valid()

    html = render(form)

    assert Elements(html).summary_links() == ["#id_when-day"]
    assert html.count("Date must be a real date") == 2  # the summary and the field
    assert html.count("govuk-input--error") == 3


def test_a_missing_year_links_to_the_year_box_and_marks_only_it():
    form = DateForm(data={"when-day": "31", "when-month": "1", "when-year": ""})
    assert not form.is_valid()

    html = render(form)

    assert Elements(html).summary_links() == ["#id_when-year"]
    assert Elements(html).classes("id_when-year")[-1] == "govuk-input--error"
    assert "govuk-input--error" not in Elements(html).classes("id_when-day")


def test_an_unanswered_date_links_to_the_day_box_not_the_group():
    form = DateForm(data={})
    assert not form.is_valid()

    links = Elements(render(form)).summary_links()

    assert links == ["#id_when-day"]
    assert "#id_when" not in links


def test_the_date_is_a_group_of_three_labelled_boxes():
    html = render(DateForm(), "{% crispy form %}")

    assert '<fieldset class="govuk-fieldset" role="group"' in html
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert f'<label class="govuk-label govuk-date-input__label" for="id_when-{part}">' in html
        assert f">{label}</label>" in html
        assert f'id="id_when-{part}" name="when-{part}"' in html
    assert 'inputmode="numeric"' in html


def test_a_date_written_in_one_box_is_still_read():
    form = DateForm(data={"when": "2026-04-01"})

    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["when"]) == "2026-04-01"
    assert 'name="when-day" value="1"' in render(form, "{% crispy form %}")


def test_what_cannot_be_read_in_one_box_comes_back_in_the_day_box():
    form = DateForm(data={"when": "soon"})

    assert not form.is_valid()
    assert 'name="when-day" value="soon"' in render(form, "{% crispy form %}")
