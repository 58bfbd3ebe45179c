"""Write one benchmark's section of docs/benchmarks.md, leaving the other sections alone.

Each benchmark owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``; a section
that does not exist yet is appended. A file lock keeps concurrent writers from clobbering.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from pathlib import Path
from typing import Any

REPORT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Written by the scripts in `benchmarks/`: each owns one section; re-run it to refresh.\n"
    "Machine: 2 cores, no GPU; speed figures are on one core unless a row says otherwise.\n"
)


def read_section(name: str, report: Path = REPORT) -> str:
    """The current text of section ``name`` (empty when absent)."""
    if not report.exists():
        return ""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = report.read_text(encoding="utf-8")
    m = re.search(re.escape(start) + r"\n?(.*?)\n?" + re.escape(end), text, re.S)
    return m.group(1) if m else ""


def _subsections(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    parts = re.split(r"(?m)^(?=### )", markdown)
    head, subs = parts[0], parts[1:]
    return head, [(s.split("\n", 1)[0], s) for s in subs]


def merge_subsections(old: str, new: str) -> str:
    """``new`` with every ``### `` subsection of ``old`` that ``new`` lacks kept in its place:
    re-running one part of a benchmark on a fresh machine must not erase the other parts."""
    head, new_subs = _subsections(new)
    _, old_subs = _subsections(old)
    fresh = dict(new_subs)
    out, used = [head], set()
    for title, block in old_subs:
        out.append(fresh.get(title, block))
        used.add(title)
    out += [block for title, block in new_subs if title not in used]
    return "".join(s.rstrip("\n") + "\n\n" for s in out if s.strip())


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


CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hamdel" / "bench"
"""Where benchmark parts keep their JSON between runs (outside the repository)."""


def save_part(name: str, data: Any) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"{name}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def load_part(name: str) -> Any:
    path = CACHE / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def cpu_name() -> str:
    """The processor's model name (speed figures vary twofold across CPUs)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"
