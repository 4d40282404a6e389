"""The audit app is the bottom layer: the domain apps call it, it never imports them (a cycle
would make every app load every other one, and the log outlive nothing)."""

import ast
from pathlib import Path

import audit

DOMAIN_APPS = {"accounts", "eservices", "tawasul", "subscriptions", "notifications"}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_the_audit_app_imports_no_domain_app():
    package = Path(audit.__file__).parent
    offenders = {
        str(path.relative_to(package)): sorted(imported_packages(path) & DOMAIN_APPS)
        for path in package.rglob("*.py")
        if imported_packages(path) & DOMAIN_APPS
    }
    assert offenders == {}
