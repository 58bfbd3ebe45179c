"""The layer rules of docs/architecture.md, read from every import in src/hamdel.

A module may import its own package, the packages of lower layers, and the same layer only where
listed in ``SIDEWAYS``; never a private module (``_name``) of another package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hamdel"

LAYER = {
    "core": 0,
    "store": 1,
    "perception.heart": 2,
    "perception.sentiment": 2,
    "perception.text": 2,
    "perception.transcribe": 2,
    "perception.voice": 2,
    "perception": 2,
    "voice_out": 2,
    "knowledge": 2,
    "safety": 2,
    "recommend": 3,
    "importers": 3,
    "companion": 4,
    "jobs": 5,
    "doctor": 5,
    "server": 6,
    "api": 6,
    "web": 6,
    "cli": 6,
}
"""core < store < perception, voice_out, knowledge, safety < recommend, importers < companion
< jobs, doctor < the faces (api, web, cli) and the composition root (server)."""

SIDEWAYS = {
    ("perception.voice", "perception.transcribe"),  # the voice encoder is Whisper's
    ("perception.transcribe", "perception.voice"),  # audio decoding
    ("server", "api"),  # the app factory mounts both faces
    ("server", "web"),
    ("api", "server"),  # deps, schemas, sessions shared by the faces
    ("web", "server"),
    ("cli", "server"),
}
"""Imports within one layer that are allowed. api, web and cli never import each other."""


def _package(parts: tuple[str, ...]) -> str:
    """The package of a file or module path below ``hamdel``: ``perception/text/x.py`` and
    ``perception.text`` -> ``perception.text``; ``store/models.py`` -> ``store``."""
    head = parts[0].removesuffix(".py")
    if head == "perception" and len(parts) > 1 and not parts[1].endswith(".py"):
        return f"perception.{parts[1]}"
    return head


def _imports() -> list[tuple[str, str, int, str]]:
    """(file, imported module, line, package of the file) for every ``hamdel.*`` import."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "store" and "migrations" in rel.parts:
            continue
        if len(rel.parts) == 1 and rel.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("hamdel.") and name.count(".") >= 1:
                    found.append((str(rel), name, node.lineno, _package(rel.parts)))
    return found


IMPORTS = _imports()


def test_every_package_has_a_layer() -> None:
    packages = {pkg for _, _, _, pkg in IMPORTS}
    packages |= {_package(tuple(m.split(".")[1:])) for _, m, _, _ in IMPORTS}
    assert packages <= set(LAYER), sorted(packages - set(LAYER))


def test_no_import_against_the_layers() -> None:
    wrong = []
    for file, module, line, pkg in IMPORTS:
        target = _package(tuple(module.split(".")[1:]))
        if target == pkg or (pkg == "perception" and target.startswith("perception")):
            continue
        if LAYER[target] < LAYER[pkg] or (pkg, target) in SIDEWAYS:
            continue
        wrong.append(f"{file}:{line} ({pkg}) imports {module} ({target})")
    assert wrong == []


def test_no_import_into_another_packages_private_module() -> None:
    wrong = []
    for file, module, line, pkg in IMPORTS:
        parts = module.split(".")[1:]
        target = _package(tuple(parts))
        private = any(part.startswith("_") for part in parts[1:])
        if private and target != pkg:
            wrong.append(f"{file}:{line} ({pkg}) imports {module}")
    assert wrong == []


@pytest.mark.parametrize("face", ["api", "web", "cli"])
def test_faces_never_import_each_other(face: str) -> None:
    others = {"api", "web", "cli"} - {face}
    wrong = [
        f"{file}:{line} imports {module}"
        for file, module, line, pkg in IMPORTS
        if pkg == face and _package(tuple(module.split(".")[1:])) in others
    ]
    assert wrong == []


SQL_DOORS = {"store", "server/deps.py"}
"""Where SQLAlchemy may be imported: the store, and the request's session dependency."""


def test_only_the_store_imports_sqlalchemy() -> None:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "store" or str(rel) in SQL_DOORS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            wrong += [
                f"{rel}:{node.lineno} imports {n}" for n in names if n.split(".")[0] == "sqlalchemy"
            ]
    assert wrong == []


def test_other_packages_import_only_what_a_module_exports() -> None:
    """A name imported from another package is in that module's ``__all__`` (or is a
    submodule): every package says what it exports, and others use only that."""
    import importlib
    import importlib.util

    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "store" and "migrations" in rel.parts:
            continue
        pkg = _package(rel.parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
                continue
            if not node.module.startswith("hamdel.") or node.module.count(".") < 1:
                continue
            if _package(tuple(node.module.split(".")[1:])) == pkg:
                continue
            module = importlib.import_module(node.module)
            exported = set(getattr(module, "__all__", ()))
            for alias in node.names:
                if alias.name in exported:
                    continue
                if hasattr(module, "__path__") and importlib.util.find_spec(
                    f"{node.module}.{alias.name}"
                ):
                    continue  # a submodule
                wrong.append(f"{rel}:{node.lineno} imports {alias.name} from {node.module}")
    assert wrong == []
