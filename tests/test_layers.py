"""Imports point one way, down the layers of the README's "Layout" section.

Every module of the project is parsed (module-level, function-level and TYPE_CHECKING imports
alike) and each import of another project package must go to a lower layer. Sideways imports
within a layer are refused too, except the few named in SIDEWAYS with their reason.
"""

import ast
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Bottom first. Keep in step with the README's table.
LAYERS: list[tuple[str, set[str]]] = [
    ("shared code", {"core", "loopback"}),
    ("shared services", {"audit", "notifications", "speed"}),
    ("accounts", {"accounts"}),
    ("domain", {"eservices", "subscriptions", "tawasul", "staffauth"}),
    ("across the domain", {"privacy", "ratings"}),
    ("configuration and tools", {"muqeem", "bench"}),
]
SIDEWAYS: dict[tuple[str, str], str] = {
    ("eservices", "tawasul"): "an e-service's failure becomes a Tawasul incident",
    ("bench", "muqeem"): "the bench serves the portal's own URLs and Celery app",
}
NOT_PROJECT_CODE = {"tests", "scripts"}  # they may import anything
NOT_SHIPPED = {"loopback", "bench"}  # test and measurement helpers, not in the wheel

LAYER_OF = {
    package: index for index, (_name, packages) in enumerate(LAYERS) for package in packages
}


def project_packages() -> set[str]:
    return {
        init.parent.name
        for init in ROOT.glob("*/__init__.py")
        if init.parent.name not in NOT_PROJECT_CODE
    }


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):  # every level: functions, methods, `if TYPE_CHECKING:` blocks
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def upward_imports() -> list[str]:
    wrong = []
    for package in sorted(LAYER_OF):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, module in imported_modules(tree):
                target = module.split(".")[0]
                if target == package or target not in LAYER_OF:
                    continue  # itself, Django, a library
                here, there = LAYER_OF[package], LAYER_OF[target]
                if there < here or (there == here and (package, target) in SIDEWAYS):
                    continue
                direction = "up" if there > here else "sideways"
                where = path.relative_to(ROOT)
                wrong.append(f"{where}:{line} imports {module} ({direction}: {LAYERS[there][0]})")
    return wrong


def test_every_project_package_has_a_layer():
    assert project_packages() - set(LAYER_OF) == set()


def test_no_module_imports_up_or_sideways():
    assert upward_imports() == []


def test_the_sideways_exceptions_are_still_needed():
    """An exception nobody uses any more would let the next sideways import pass unseen."""
    saved = dict(SIDEWAYS)
    try:
        for edge in saved:
            del SIDEWAYS[edge]
            assert any(f"imports {edge[1]}" in found for found in upward_imports()), edge
            SIDEWAYS[edge] = saved[edge]
    finally:
        SIDEWAYS.update(saved)


@pytest.mark.parametrize("package", sorted(set(LAYER_OF) - NOT_SHIPPED))
def test_every_layer_package_of_the_portal_is_in_the_wheel(package):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    assert any(fnmatchcase(package, pattern) for pattern in include)
