"""The words of a cited clause, quoted from the project's own copy of each code.

A verdict cites clauses as `employer:clause` (policy-contract.md, "Verdict"). This
module finds the text behind each reference in `policies/codes/<employer>.txt` (copies
of the five codes kept with the rules, since production has no shared folder), so the
reference pages can quote what a rule rests on. Pure Python, no Django.

The codes are written four ways, and each form of reference is read from its own:

* numbered clauses, "14.3": a line starting "14.3" or "- 14.3" (OPCC writes "1.1.");
  the clause runs on over its lists and page breaks to the next clause or heading;
* the county council's notes, "note-1": the paragraphs under "Note 1:";
* the Essex Probation Board Members' code, "board-8": its paragraphs are numbered
  "8. **Title** - ..." after the heading "Code of Conduct for Board Members";
* ECC's unnumbered code, "gifts-and-hospitality": the slug of a markdown heading, and
  the text under it up to the next heading of the same or a higher level.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from .vocabulary import Employer

CODES_DIR = Path(__file__).resolve().parent / "codes"

# "14.3 ...", "- 14.3 ...", "- 1.1. ..." (OPCC); "3.0 Personal interests" is a heading.
NUMBERED_CLAUSE = re.compile(r"^(?:- )?(?P<number>\d+\.\d+)\.?\s+(?P<text>\S.*)$")
# Section headings that end a clause: "4 Conduct at Work", "14. Hospitality", "3.0 Title".
SECTION_HEADING = re.compile(r"^(?:\d+\.?|\d+\.0)\s+[A-Z]")
NOTE_HEADING = re.compile(r"^Note (?P<number>\d+):$")
BOARD_CODE_HEADING = "Code of Conduct for Board Members"
BOARD_CLAUSE = re.compile(r"^(?P<number>\d+)\.\s+\*\*")
MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*$")
# A page footer of the Essex Probation code, not part of any clause.
PAGE_FOOTERS = frozenset({"UNCLASSIFIED"})
# List items: "- item", "a) item", "i. item" start a new line rather than continuing one.
LIST_ITEM = re.compile(r"^(?:[-•]\s|[a-z]{1,2}\)\s|[ivxl]+\.\s|\([a-z]\)\s)")
SENTENCE_END = re.compile(r"[.:;!?)\]]$")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def clause_text(employer: str, clause: str) -> str | None:
    """The text of `clause` in `employer`'s code, or None if the code has no such clause.

    Lines of the clause are separated by newlines (one paragraph or list item a line).
    """
    try:
        code = Employer(employer)
    except ValueError:
        return None
    return clauses_of(code).get(clause)


def clause_label(employer: str, clause: str) -> str:
    """How the code itself names a clause: "Clause 14.3", "Note 1", "Outside work"."""
    if clause.startswith("note-"):
        return f"Note {clause.removeprefix('note-')}"
    if clause.startswith("board-"):
        return f"Code of Conduct for Board Members, paragraph {clause.removeprefix('board-')}"
    try:
        title = heading_titles(Employer(employer)).get(clause)
    except ValueError:
        title = None
    return title or f"Clause {clause}"


def split_citation(citation: str) -> tuple[str, str]:
    """("thurrock", "14.3") from "thurrock:14.3"; ValueError if it is not `employer:clause`."""
    employer, sep, clause = citation.partition(":")
    if not sep or not clause:
        raise ValueError(f"{citation!r} is not a citation written employer:clause.")
    Employer(employer)  # ValueError for an employer not in the contract
    return employer, clause


@cache
def code_lines(employer: Employer) -> tuple[str, ...]:
    """The code's lines, read once per process: the files never change while it runs."""
    text = (CODES_DIR / f"{employer.value}.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines())


@cache
def clauses_of(employer: Employer) -> Mapping[str, str]:
    """Every citable clause of one code, by reference, parsed once (read-only: shared)."""
    lines = code_lines(employer)
    if employer == Employer.ECC:
        clauses = _heading_sections(lines)
    elif employer == Employer.ESSEX_PROBATION:
        split = lines.index(BOARD_CODE_HEADING)
        clauses = {**_numbered(lines[:split]), **_board(lines[split + 1 :])}
    elif employer == Employer.COUNTY_COUNCIL:
        clauses = {**_numbered(lines), **_notes(lines)}
    else:
        clauses = _numbered(lines)
    return MappingProxyType(clauses)


@cache
def heading_titles(employer: Employer) -> Mapping[str, str]:
    """Slug -> heading as written ("outside-work" -> "Outside work"), for headed codes."""
    titles: dict[str, str] = {}
    for line in code_lines(employer):
        if match := MARKDOWN_HEADING.match(line):
            titles.setdefault(slug(match["title"]), _plain(match["title"]))
    return MappingProxyType(titles)


def _numbered(lines: tuple[str, ...]) -> dict[str, str]:
    clauses: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        match = NUMBERED_CLAUSE.match(line)
        if match and not match["number"].endswith(".0"):
            number = match["number"]
            # A number seen before (a cross-reference list, say) does not reopen a clause.
            current = None if number in clauses else clauses.setdefault(number, [])
            if current is not None:
                current.append(match["text"])
        elif match or SECTION_HEADING.match(line) or NOTE_HEADING.match(line):
            current = None  # "3.0 Personal interests", "14. Hospitality", "Note 1:"
        elif current is not None:
            current.append(line)
    return {number: _join(body) for number, body in clauses.items()}


def _notes(lines: tuple[str, ...]) -> dict[str, str]:
    notes: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        match = NOTE_HEADING.match(line)
        if match:
            current = notes.setdefault(f"note-{match['number']}", [])
        elif current is not None:
            current.append(line)
    return {note: _join(body) for note, body in notes.items()}


def _board(lines: tuple[str, ...]) -> dict[str, str]:
    clauses: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        match = BOARD_CLAUSE.match(line)
        if match:
            current = clauses.setdefault(f"board-{match['number']}", [])
            line = line[len(match["number"]) + 1 :]  # "8. **Title** - ..." without its "8."
        if current is not None:
            current.append(line)
    return {number: _join(body) for number, body in clauses.items()}


def _heading_sections(lines: tuple[str, ...]) -> dict[str, str]:
    headings = [
        (index, len(match["hashes"]), match["title"])
        for index, line in enumerate(lines)
        if (match := MARKDOWN_HEADING.match(line))
    ]
    sections: dict[str, str] = {}
    for position, (index, level, title) in enumerate(headings):
        end = next(
            (later for later, later_level, _ in headings[position + 1 :] if later_level <= level),
            len(lines),
        )
        body = [MARKDOWN_HEADING.sub(r"\g<title>", line) for line in lines[index + 1 : end]]
        sections.setdefault(slug(title), _join(body))
    return sections


def slug(title: str) -> str:
    """A heading's slug as the contract writes ECC citations: "Outside work" -> "outside-work"."""
    words = re.sub(r"[^a-z0-9\s-]", "", _plain(title).lower())
    return re.sub(r"[\s-]+", "-", words).strip("-")


def _plain(line: str) -> str:
    """The words without markup: bold and italic marks, HTML tags, link targets."""
    line = MARKDOWN_LINK.sub(r"\1", line)
    line = HTML_TAG.sub("", line)
    return line.replace("*", "").strip()


def _join(lines: list[str]) -> str:
    """One line per paragraph or list item; a sentence broken by a page break is rejoined."""
    paragraphs: list[str] = []
    for raw in lines:
        line = _plain(raw)
        if not line or line in PAGE_FOOTERS:
            continue
        previous = paragraphs[-1] if paragraphs else ""
        if (
            previous
            and line[0].islower()
            and not LIST_ITEM.match(line)
            and not LIST_ITEM.match(previous)
            and not SENTENCE_END.search(previous)
        ):
            paragraphs[-1] = f"{previous} {line}"
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs)
