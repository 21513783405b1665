"""The layout is the architecture: journeys use the core and `policies/`; the core never
imports a journey; one journey reaches another only through the small public functions
its package lists in `__all__`.

Read from the source with `ast`, every import counted (also those inside functions), so
a late import cannot slip past.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "declarations"
JOURNEYS = ("filing", "approvals", "register", "people", "accounts", "privacy")
CORE = (
    "access",
    "choices",
    "clock",
    "facts",
    "kept_files",
    "labels",
    "notifications",
    "policy_reference",
    "security_log",
    "submission",
    "workflow",
)
# The model refuses a line-management loop on every save, whatever path the save takes
# (admin, import, shell): the one place outside a journey that walks the hierarchy.
ALLOWED = {("models", "declarations.people.hierarchy")}


def imported_modules(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) for every import in the file, relative imports made absolute."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[str, tuple[str, ...]]]:
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            found.append((module, tuple(alias.name for alias in node.names)))
    return found


def journey_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "declarations" and parts[1] in JOURNEYS:
        return parts[1]
    return None


def journey_files(journey: str) -> list[Path]:
    return sorted((PACKAGE / journey).rglob("*.py"))


@pytest.mark.parametrize("name", [*CORE, "models"])
def test_the_core_never_imports_a_journey(name):
    imports = imported_modules(PACKAGE / f"{name}.py")

    reaching = [
        module
        for module, names in imports
        if journey_of(module)
        and (name, module) not in ALLOWED
        and not all((name, f"{module}.{each}") in ALLOWED for each in names)
    ]

    assert reaching == [], f"declarations/{name}.py imports a journey: {reaching}"


@pytest.mark.parametrize("journey", JOURNEYS)
def test_a_journey_reaches_another_only_through_its_public_functions(journey):
    problems = []
    for path in journey_files(journey):
        for module, names in imported_modules(path):
            other = journey_of(module)
            if other is None or other == journey:
                continue
            public = set(getattr(importlib.import_module(f"declarations.{other}"), "__all__", ()))
            if module != f"declarations.{other}":
                problems.append(f"{path.name} imports {module} (use declarations.{other})")
            elif not set(names) <= public:
                problems.append(f"{path.name} imports {sorted(set(names) - public)} from {other}")

    assert problems == []


@pytest.mark.parametrize("journey", JOURNEYS)
def test_each_public_function_exists(journey):
    package = importlib.import_module(f"declarations.{journey}")

    missing = [name for name in getattr(package, "__all__", ()) if not hasattr(package, name)]

    assert missing == []


@pytest.mark.parametrize(
    ("source", "reached"),
    [
        ("from declarations.approvals import routing\n", "declarations.approvals"),
        (
            "def late():\n    from .approvals.routing import open_route\n",
            "declarations.approvals.routing",
        ),
        ("import declarations.register.queries\n", "declarations.register.queries"),
        ("from . import labels\n", None),
    ],
)
def test_it_sees_every_kind_of_import(source, reached):
    journeys = [module for module, _ in imports_in(source, "declarations") if journey_of(module)]

    assert journeys == ([reached] if reached else [])
