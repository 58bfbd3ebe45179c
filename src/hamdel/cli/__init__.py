"""The ``hamdel`` command. Each domain adds a sub-command group as a module in this package.

A module ``hamdel/cli/<name>.py`` that defines ``app: typer.Typer`` is mounted as
``hamdel <name> ...`` (``voice``, ``text``, ``sentiment``, ``heart``, ...). Modules import their
heavy libraries inside the command functions, so ``hamdel --help`` stays fast.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from hamdel.cli import _core

app = typer.Typer(
    name="hamdel",
    help="hamdel (همدل): an emotion-aware companion. Not a therapist; in a crisis, call for help.",
    no_args_is_help=True,
    add_completion=False,
)
_core.register(app)


def _mount_domain_groups() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        sub = getattr(module, "app", None)
        if isinstance(sub, typer.Typer):
            app.add_typer(sub, name=info.name.replace("_", "-"))


_mount_domain_groups()


def main() -> None:
    app()


__all__ = ["app", "main"]
