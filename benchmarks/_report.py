"""Write one benchmark's section of docs/benchmarks.md, leaving the other sections alone.

Each benchmark owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``; a section
that does not exist yet is appended. A file lock keeps concurrent writers from clobbering.
"""

from __future__ import annotations

import fcntl
import re
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Written by the scripts in `benchmarks/`: each owns one section; re-run it to refresh.\n"
    "Machine: 2 cores, no GPU; speed figures are on one core unless a row says otherwise.\n"
)


def write_section(name: str, markdown: str, report: Path = REPORT) -> None:
    report.parent.mkdir(parents=True, exist_ok=True)
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    with open(report.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = report.read_text(encoding="utf-8") if report.exists() else HEADER
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _m: block, text)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        report.write_text(text, encoding="utf-8")
