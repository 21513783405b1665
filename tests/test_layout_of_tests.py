"""Test modules do not import each other or a conftest: what tests share lives in
tests/factories.py (builders of rows), a plain helper module (constants and page helpers)
or a conftest.py (fixtures, which pytest hands out without an import). A test module that
other modules import runs their setup when it is collected and hides what is shared."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def _package_of(path: Path) -> str:
    """The dotted name of the package a file under tests/ is in (for relative imports)."""
    return ".".join(path.relative_to(TESTS.parent).parent.parts)


def _is_test_module_or_conftest(dotted: str) -> bool:
    parts = dotted.split(".")
    return parts[0] == "tests" and any(
        part.startswith("test_") or part == "conftest" for part in parts[1:]
    )


def imported_test_modules(source: str, package: str) -> list[str]:
    """Every `tests.*.test_*` module or conftest that `source` (a module in `package`)
    imports, however it is written: plain, from-, relative, or inside a function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            names = [origin, *(f"{origin}.{alias.name}" for alias in node.names)]
        found += [name for name in names if _is_test_module_or_conftest(name)]
    return found


def python_files_under_tests() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)


@pytest.mark.parametrize(
    "source",
    [
        "from tests.declarations.test_forms import VALID",
        "from tests.e2e.conftest import PANEL",
        "import tests.declarations.test_routing",
        "from tests.declarations import test_routing",
        "from .test_forms import VALID",
        "from . import conftest",
        "def helper():\n    from tests.e2e.test_approvals import Cast",
    ],
)
def test_the_check_finds_a_test_module_imported_in_any_form(source):
    assert imported_test_modules(source, "tests.declarations")


@pytest.mark.parametrize(
    "source",
    [
        "from tests.factories import entry",
        "from tests.declarations.filing.helpers import VALID",
        "from tests.policies import helpers",
        "from .helpers import COMPLETE_ANSWERS",
        "import pytest",
    ],
)
def test_the_check_lets_factories_and_helper_modules_be_imported(source):
    assert imported_test_modules(source, "tests.declarations") == []


def test_no_module_under_tests_imports_a_test_module_or_a_conftest():
    files = python_files_under_tests()
    assert len(files) > 50, "the walk found the test modules"
    offenders = {
        str(path.relative_to(TESTS.parent)): imported
        for path in files
        if (imported := imported_test_modules(path.read_text(), _package_of(path)))
    }
    assert offenders == {}, (
        "move what these share into tests/factories.py, a helper module or a conftest.py"
    )
