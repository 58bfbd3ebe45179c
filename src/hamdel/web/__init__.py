"""The browser app: Jinja templates and static files (English LTR, Persian RTL)."""

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"

__all__ = ["STATIC_DIR", "TEMPLATES_DIR"]
