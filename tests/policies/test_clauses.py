"""Clause text quoted from the project's copy of each code (policies/clauses.py).

One clause of every employer and every format is checked by a phrase only that
clause contains; then every citation of every rule in every module must resolve,
so a rule can never cite a clause the reference pages cannot quote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policies import MODULES
from policies.clauses import (
    CODES_DIR,
    clause_label,
    clause_text,
    clauses_of,
    code_lines,
    slug,
    split_citation,
)
from policies.vocabulary import Employer

SHARED_CODES = Path(__file__).resolve().parents[3] / "shared" / "codes"

KNOWN = [
    # numbered clauses, with and without "- " and OPCC's "1.1."
    ("thurrock", "14.3", "For officers at or above the level of Assistant Director"),
    ("thurrock", "6.6", "council tax arrears"),
    ("county-council", "4.3", "spinal column point 29 or above"),
    ("county-council", "3.5", "Register of Officers' Interests"),
    ("opcc", "15.6", "received directly and without warning"),
    ("opcc", "1.1", "ever-changing, high pressure and sensitive environment"),
    ("opcc", "15.10", "conferences and courses is acceptable"),
    ("essex-probation", "7.4", "held by the Secretary to the Board"),
    ("essex-probation", "4.8", "any other employment or private business venture"),
    # the county council's notes
    ("county-council", "note-1", "other than of a minor 'token' nature"),
    ("county-council", "note-2", "Under the Bribery Act 2010"),
    # the Essex Probation Board Members' code
    ("essex-probation", "board-8", "notify the Board Secretary of any circumstances"),
    ("essex-probation", "board-2", "Selflessness"),
    # ECC's heading slugs
    ("ecc", "gifts-and-hospitality", "accept personal gifts, loans, fees, rewards"),
    ("ecc", "outside-work", "Working Time Regulations"),
    ("ecc", "use-of-ecc-resources-equipment-and-facilities", "property for personal gain"),
]


@pytest.mark.parametrize(("employer", "clause", "phrase"), KNOWN)
def test_a_clause_is_quoted_from_its_code(employer, clause, phrase):
    text = clause_text(employer, clause)

    assert text is not None
    assert phrase in text


@pytest.mark.parametrize(
    ("employer", "clause"),
    [
        ("thurrock", "99.9"),
        ("thurrock", "14"),
        ("thurrock", "note-1"),
        ("county-council", "note-3"),
        ("county-council", "3.0"),
        ("essex-probation", "board-10"),
        ("essex-probation", "7.9"),
        ("opcc", "1.5"),
        ("ecc", "no-such-heading"),
        ("ecc", "14.3"),
        ("essex-police", "1.1"),
        ("", ""),
    ],
)
def test_an_unknown_clause_is_none(employer, clause):
    assert clause_text(employer, clause) is None


def test_a_clause_stops_at_the_next_clause():
    text = clause_text("thurrock", "14.3")

    assert text.startswith("All gifts and hospitality offered")
    assert "14.4" not in text
    assert "courteously but firmly" not in text  # the start of 14.4


def test_a_clause_runs_on_over_its_list():
    text = clause_text("thurrock", "17.2")

    assert text.splitlines()[0].startswith("However, conditions of service require")
    assert "- use Council equipment, property or contacts in any such work" in text
    assert text.splitlines()[-1] == (
        "- undertake any private commitments or activities which may bring the Council "
        "into disrepute"
    )
    assert "17.3" not in text and "goods or services of value" not in text


def test_a_sentence_broken_by_a_page_break_is_rejoined_without_the_footer():
    text = clause_text("essex-probation", "5.5")

    assert "influence their judgement in evaluation of other staff" in text
    assert "UNCLASSIFIED" not in text


def test_the_last_numbered_clause_before_the_notes_does_not_swallow_them():
    text = clause_text("county-council", "24.2")

    assert "z) failing to report serious misconduct" in text
    assert "Bribery Act" not in text
    assert "Register of Officers' Interests" not in text


def test_a_board_paragraph_starts_with_its_title_and_stops_at_the_next():
    text = clause_text("essex-probation", "board-8")

    assert text.startswith("Circumstances which may affect membership of Board")
    assert "Failure to comply" not in text


def test_board_paragraphs_do_not_collide_with_the_staff_code_numbers():
    assert "Confidential or protected information" in clause_text("essex-probation", "6.1")
    assert clause_text("essex-probation", "board-4").startswith("Confidentiality")


def test_an_ecc_section_runs_to_the_next_heading_of_the_same_level():
    text = clause_text("ecc", "gifts-and-hospitality")

    assert text.startswith("As a representative of ECC, it is important")
    assert "Handling ECC money" not in text  # the next ## heading
    assert "declaration form" in text and "](#)" not in text  # links read as their words


def test_an_ecc_section_includes_its_subsections():
    text = clause_text("ecc", "standard-required")

    assert "Political Neutrality" in text
    assert "stand as a candidate for public elected office" in text
    assert "Personal conduct" in text
    assert "Gifts and hospitality" not in text


def test_markup_is_not_quoted():
    assert "**" not in clause_text("opcc", "5.2")
    assert clause_text("opcc", "5.2").startswith("Contractors / External Service Providers")


@pytest.mark.parametrize(
    ("employer", "clause", "label"),
    [
        ("thurrock", "14.3", "Clause 14.3"),
        ("county-council", "note-1", "Note 1"),
        ("essex-probation", "board-8", "Code of Conduct for Board Members, paragraph 8"),
        ("ecc", "outside-work", "Outside work"),
        (
            "ecc",
            "use-of-ecc-resources-equipment-and-facilities",
            "Use of ECC resources, equipment, and facilities",
        ),
    ],
)
def test_a_clause_is_labelled_as_its_code_names_it(employer, clause, label):
    assert clause_label(employer, clause) == label


def test_a_heading_slug_drops_punctuation():
    assert slug("Use of ECC resources, equipment, and facilities") == (
        "use-of-ecc-resources-equipment-and-facilities"
    )
    assert slug("When working on behalf of ECC you must:") == (
        "when-working-on-behalf-of-ecc-you-must"
    )


def test_a_citation_splits_into_employer_and_clause():
    assert split_citation("county-council:note-1") == ("county-council", "note-1")
    for bad in ("thurrock", "thurrock:", "essex-police:1.1", ":1.1"):
        with pytest.raises(ValueError):
            split_citation(bad)


@pytest.mark.parametrize("employer", list(Employer))
def test_the_project_keeps_a_verbatim_copy_of_each_code(employer):
    copy = CODES_DIR / f"{employer.value}.txt"

    assert copy.is_file()
    if SHARED_CODES.is_dir():  # absent in production, which is why the copy exists
        assert copy.read_bytes() == (SHARED_CODES / copy.name).read_bytes()


def test_each_code_is_read_once():
    code_lines.cache_clear()
    clauses_of.cache_clear()

    clause_text("thurrock", "14.3")
    clause_text("thurrock", "14.5")

    assert code_lines.cache_info().misses == 1
    assert clauses_of.cache_info().hits >= 1


CITATIONS = sorted(
    {
        (employer.value, rule.id, clause)
        for employer, module in MODULES.items()
        for rule in module.RULES
        for clause in rule.citations
    }
)


@pytest.mark.parametrize(
    ("employer", "rule_id", "clause"),
    CITATIONS,
    ids=[f"{rule_id}-{employer}:{clause}" for employer, rule_id, clause in CITATIONS],
)
def test_every_citation_of_every_rule_resolves_to_text(employer, rule_id, clause):
    text = clause_text(employer, clause)

    assert text, f"{rule_id} cites {employer}:{clause}, which is not in codes/{employer}.txt"


def test_every_rule_module_is_checked_for_citations():
    assert set(MODULES) == set(Employer)
    assert {employer for employer, _, _ in CITATIONS} >= {Employer.ECC.value}
