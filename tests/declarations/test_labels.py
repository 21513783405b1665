"""One set of words: every value of every enum has exactly one label in each mapping."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from declarations import labels
from declarations.choices import Decision, EventAction, Status, StepState
from declarations.models import DeclarationEvent
from declarations.workflow import TRANSITIONS, IllegalTransition, record_event, transition
from policies import vocabulary as v
from tests.factories import DeclarationFactory

MAPPINGS = [
    (enum, index, mapping)
    for enum, mappings in labels.MAPPINGS.items()
    for index, mapping in enumerate(mappings)
]


@pytest.mark.parametrize(
    ("enum", "index", "mapping"),
    MAPPINGS,
    ids=[f"{enum.__name__}-{index}" for enum, index, _ in MAPPINGS],
)
def test_every_value_has_exactly_one_label_and_nothing_else_has_one(enum, index, mapping):
    assert [type(key) for key in mapping] == [enum] * len(mapping)
    assert sorted(mapping) == sorted(enum)
    assert all(isinstance(words, str) and words.strip() for words in mapping.values())


def test_every_enum_the_pages_show_has_its_words():
    assert set(labels.MAPPINGS) >= {
        v.Outcome,
        v.Role,
        v.Flag,
        v.DeclarationType,
        v.Employer,
        v.Level,
        Status,
        StepState,
        Decision,
        EventAction,
    }


ACCESSORS = [
    (labels.outcome, v.Outcome.PROHIBITED, "Must be declined or must not go ahead"),
    (labels.status, Status.SUPERSEDED, "Replaced by a newer version"),
    (labels.role, v.Role.BOARD_SECRETARY, "Secretary to the Board"),
    (labels.role_addressed, v.Role.LINE_MANAGER, "your line manager"),
    (labels.action, EventAction.SEND_FOR_ACKNOWLEDGEMENT, "Sent to be acknowledged"),
    (labels.decision, Decision.ACKNOWLEDGE, "Acknowledge"),
    (labels.step_state, StepState.PENDING, "Waiting"),
    (labels.flag, v.Flag.ANNUAL_REVIEW, "This entry is reviewed every year: keep it up to date."),
    (labels.declaration_type, v.DeclarationType.OUTSIDE_WORK, "Outside work"),
    (labels.employer, v.Employer.OPCC, "Office of the Police and Crime Commissioner"),
    (labels.level, v.Level.HEAD_OF_SERVICE, "Head of service"),
    (labels.outcome_tag, v.Outcome.DECLARE, "govuk-tag--blue"),
    (labels.status_tag, Status.REJECTED, "govuk-tag--red"),
    (labels.step_tag, StepState.APPROVED, "govuk-tag--green"),
]


@pytest.mark.parametrize(
    ("accessor", "member", "words"), ACCESSORS, ids=[a.__name__ for a, _, _ in ACCESSORS]
)
def test_an_accessor_takes_the_enum_or_its_string_value(accessor, member, words):
    assert accessor(member) == words
    assert accessor(member.value) == words
    assert accessor(str(member.value)) == words


@pytest.mark.parametrize(
    "accessor", [a for a, _, _ in ACCESSORS if not a.__name__.endswith("_tag")]
)
def test_no_value_has_no_words(accessor):
    assert accessor(None) == ""
    assert accessor("") == ""


def test_a_value_the_enum_does_not_know_is_shown_as_its_own_words():
    assert labels.outcome("maybe_later") == "Maybe later"
    assert labels.status_tag("lost") == labels.NO_TAG


def test_an_outcome_says_more_when_the_type_is_known():
    assert labels.outcome("prohibited", "gift") == "Must be declined"
    assert labels.outcome(v.Outcome.PROHIBITED, v.DeclarationType.OUTSIDE_WORK) == (
        "Must not go ahead"
    )
    assert labels.outcome("declare", "interest") == "Must be declared"
    assert labels.outcome("declare", "no_such_type") == "Must be declared"


@pytest.mark.parametrize(
    ("outcome", "declaration_type", "sentence"),
    [
        ("prohibited", "gift", "The code says this must be declined."),
        ("prohibited", "outside_work", "The code says this must not go ahead."),
        ("prohibited", "relationship", "The code says this is not allowed."),
        ("approval_required", "gift", "The code says this needs approval before you accept."),
        ("declare", "interest", "The code says this must be declared."),
        ("no_action", "gift", "The code says this needs no action."),
        ("prohibited", "disclosure", "The code says this is not allowed."),
        (
            "approval_required",
            "disclosure",
            "The code says this needs approval before it goes ahead.",
        ),
        ("declare", "disclosure", "The code says this must be declared."),
        ("", "gift", ""),
    ],
)
def test_an_outcomes_sentence_is_made_of_its_own_words(outcome, declaration_type, sentence):
    assert labels.outcome_sentence(outcome, declaration_type) == sentence
    if outcome and outcome != "no_action":
        words = labels.outcome(outcome, declaration_type)
        assert words[:1].lower() + words[1:] in sentence


def test_no_outcome_speaks_to_the_officer_alone():
    every = [*labels.OUTCOME.values(), *labels.OUTCOME_BY_TYPE.values()]

    assert not [words for words in every if "your code" in words]


@pytest.mark.parametrize(
    ("employer", "in_text"),
    [
        ("county-council", "the county council"),
        ("essex-probation", "Essex Probation"),
        ("thurrock", "Thurrock Council"),
        ("opcc", "the Office of the Police and Crime Commissioner"),
        ("ecc", "Essex County Council"),
    ],
)
def test_an_employer_reads_naturally_inside_a_sentence(employer, in_text):
    assert labels.employer_in_text(employer) == in_text
    assert labels.employer_in_text(v.Employer(employer)) == in_text


def test_what_happened_has_general_words():
    assert labels.disposition(v.Disposition.RETURNED_TO_GIVER) == "Returned to the giver"
    assert labels.disposition("") == ""


def test_every_transition_is_an_event_action():
    assert {action for (_, action) in TRANSITIONS} <= set(EventAction)


@pytest.mark.django_db
def test_an_illegal_transition_is_refused_in_the_historys_words(officer):
    declaration = DeclarationFactory(officer=officer, status=Status.DRAFT)

    with pytest.raises(IllegalTransition, match="is draft cannot be sent to be acknowledged"):
        transition(declaration, EventAction.SEND_FOR_ACKNOWLEDGEMENT, actor=None)


@pytest.mark.django_db
def test_the_history_refuses_an_action_it_has_no_words_for(officer):
    declaration = DeclarationFactory(officer=officer)

    with pytest.raises(ValueError):
        record_event(declaration, "made_up", actor=None)

    assert not declaration.events.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_action_outside_the_enum(officer):
    declaration = DeclarationFactory(officer=officer)

    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationEvent.objects.create(declaration=declaration, action="made_up")


@pytest.mark.parametrize(
    ("disposition", "code", "declaration_type", "words"),
    [
        ("returned_to_giver", "opcc", "gift", "Declined and returned"),  # OPCC 15.6
        ("declined", "county-council", "gift", "Refused"),  # county council 10.2
        ("given_to_named_charity", "thurrock", "gift", "Given to the Mayor's Charity Fund"),
        ("not_gone_ahead", "thurrock", "outside_work", "Not gone ahead, or stopped"),
        ("declined", "ecc", "hospitality", "Declined"),
        ("something_old", "thurrock", "gift", "something_old"),
    ],
)
def test_what_happened_is_said_in_the_employers_own_words_where_it_has_them(
    disposition, code, declaration_type, words
):
    assert labels.disposition_words(disposition, code, declaration_type) == words
