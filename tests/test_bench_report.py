"""The benchmark report writer: a partial re-run replaces only what it recomputed."""

from pathlib import Path

from benchmarks._report import merge_subsections, read_section, write_section

OLD = "## text\n\n### A\n\nold a\n\n### B\n\nold b\n\n### C\n\nold c\n"


def test_merge_keeps_subsections_the_new_run_lacks() -> None:
    merged = merge_subsections(OLD, "## text\n\n### B\n\nnew b\n\n### D\n\nnew d\n")
    assert merged.index("old a") < merged.index("new b") < merged.index("old c")
    assert "old b" not in merged
    assert merged.rstrip().endswith("new d")


def test_write_then_read_section_round_trip(tmp_path: Path) -> None:
    report = tmp_path / "bench.md"
    write_section("text", OLD, report)
    write_section("other", "## other\n\nx\n", report)
    assert read_section("text", report).strip() == OLD.strip()
    write_section("text", merge_subsections(read_section("text", report), "### A\n\nnew a"), report)
    body = read_section("text", report)
    assert "new a" in body and "old b" in body and "old a" not in body
    assert "## other" in report.read_text(encoding="utf-8")
