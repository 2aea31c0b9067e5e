"""The layers of the house (docs/architecture.md): `core` is the ground floor and imports no domain
app; `site` is the top floor and no app imports it. Read from the source, so that a new import that
runs back up fails here with its file and line."""

import ast
from pathlib import Path

SYNERGIES = Path(__file__).resolve().parent.parent / "synergies"


def _imports(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.lineno, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, node.lineno, alias.name


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "synergies" else None


def test_core_imports_no_domain_app():
    upward = [
        f"{path.relative_to(SYNERGIES)}:{line} imports {module}"
        for path, line, module in _imports(SYNERGIES / "core")
        if _app(module) not in (None, "core")
    ]
    assert upward == []


def test_no_app_imports_the_site():
    apps = [
        folder
        for folder in SYNERGIES.iterdir()
        if folder.is_dir() and folder.name not in ("site", "templates", "static")
    ]
    downward = [
        f"{path.relative_to(SYNERGIES)}:{line} imports {module}"
        for folder in apps
        for path, line, module in _imports(folder)
        if _app(module) == "site"
    ]
    assert downward == []
