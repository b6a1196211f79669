"""tools/readme_figures.py: the README's figures are the committed output of a run, never typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import matrix_report, readme_figures
from tools.readme_figures import BLOCKS, BY_NAME, ROOT, Block

BENCH, MATRIX = BY_NAME["bench"], BY_NAME["matrix"]


def test_the_readme_and_results_hold_the_committed_figures() -> None:
    """A figure typed or edited by hand in README.md or bench/RESULTS.md fails here; so does a
    README table that is not bench/summary.md (run `make bench`, or `make figures`)."""
    assert readme_figures.stale() == []


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the files the blocks touch, to run the script on."""
    for rel in {path for b in BLOCKS for path in (b.copy, *b.targets)}:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, tmp_path / rel)
    return tmp_path


def test_a_figure_edited_in_the_table_is_reported_and_make_figures_restores_it(
    repo: Path,
) -> None:
    readme = repo / "README.md"
    text = readme.read_text(encoding="utf-8")
    i, j = readme_figures.span(text, BENCH)
    row = next(line for line in text[i:j].splitlines() if line.startswith("| page | latency"))
    edited = row.replace(row.split(" | ")[2], "1.23", 1)  # the median, typed by hand
    readme.write_text(text.replace(row, edited), encoding="utf-8")
    assert readme_figures.stale(repo) == ["README.md: the bench block is not bench/summary.md"]
    assert readme_figures.main(["--check", "--root", str(repo)]) == 1
    assert readme_figures.main(["--root", str(repo)]) == 0  # no artifacts: the copies go back
    assert readme_figures.stale(repo) == []
    assert readme.read_text(encoding="utf-8") == text


def test_a_figure_typed_into_the_prose_is_reported(repo: Path) -> None:
    readme = repo / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("## Performance\n", "## Performance\n\nIt takes 31 ms.\n"))
    assert readme_figures.stale(repo) == [
        "README.md: measured figures typed outside the blocks: ['31 ms']"
    ]


@pytest.mark.parametrize(
    "text",
    ["**1,652 s** (27.5 min)", "31 ms", "1.21x the floor", "a ~38 KB wheel", "~40 µs",
     "640–674 ms", "11,459 tests", "about 4½ min", "3–4 minutes", "500 requests/s"],
)  # fmt: skip
def test_measured_figures_are_found(text: str) -> None:
    assert readme_figures.typed_figures(text) != []


@pytest.mark.parametrize(
    "text",
    ["Chromium 156, Pyodide 0.27.8", "32 MiB", "25 cells", "10,000 requests per browser runtime",
     "timeout=0.5", "/slow?ms=5000", "CI allows 90 minutes", "```text\n31 ms\n```\n",
     "<!-- bench:start -->\n| 2.40 | 1.10x |\n<!-- bench:end -->"],
)  # fmt: skip
def test_facts_code_and_generated_blocks_are_not_typed_figures(text: str) -> None:
    assert readme_figures.typed_figures(text) == []


HEADER = "`make bench` of 2030-01-01 00:00 UTC on 2 cores (x): ...; 300 s in all."


def test_a_bench_run_lands_in_the_copies_and_every_target(repo: Path) -> None:
    """Whatever rows the run has, the block is copied whole; nothing else changes."""
    (repo / "artifacts").mkdir()
    summary = f"{HEADER}\n\n| where | row |\n| --- | --- |\n| page | a |\n"
    (repo / "artifacts/bench-summary.md").write_text(summary, encoding="utf-8")
    (repo / "artifacts/bench.txt").write_text(f"{HEADER}\n\nfull table\n", encoding="utf-8")
    before = (repo / "README.md").read_text(encoding="utf-8")
    assert readme_figures.main(["bench", "bench-table", "--root", str(repo)]) == 0
    assert (repo / "bench/summary.md").read_text(encoding="utf-8") == summary
    results = (repo / "bench/RESULTS.md").read_text(encoding="utf-8")
    assert readme_figures.extract(results, BENCH) == summary
    assert f"```text\n{HEADER}\n\nfull table\n```" in results
    after = (repo / "README.md").read_text(encoding="utf-8")
    (i, j), (k, m) = readme_figures.span(before, BENCH), readme_figures.span(after, BENCH)
    assert (before[:i], before[j:]) == (after[:k], after[m:])
    assert readme_figures.extract(after, BENCH) == summary
    assert readme_figures.stale(repo) == []


def test_the_two_bench_copies_must_come_from_one_run(repo: Path) -> None:
    table = repo / "bench/summary.txt"
    table.write_text("`make bench` of another day\n" + table.read_text(encoding="utf-8"))
    readme_figures.main(["--root", str(repo)])
    assert readme_figures.stale(repo) == [
        "bench/summary.md and .txt are not from the same `make bench`"
    ]


def test_missing_or_doubled_markers_are_errors() -> None:
    block = Block("x", "a", "b", ())
    with pytest.raises(ValueError, match="expected one <!-- x:start -->"):
        readme_figures.insert("no markers", block, "text\n")
    with pytest.raises(ValueError, match="expected one"):
        readme_figures.extract("<!-- x:start --><!-- x:end -->" * 2, block)
    with pytest.raises(ValueError, match="before"):
        readme_figures.extract("<!-- x:end --> <!-- x:start -->", block)
    text = "a\n<!-- x:start -->\nold\n<!-- x:end -->\nb\n"
    assert readme_figures.insert(text, block, "new\n") == text.replace("old", "new")


def test_an_unknown_block_name_is_refused() -> None:
    with pytest.raises(SystemExit):
        readme_figures.main(["benchh"])


def junit(name: str, passed: int, start: str, seconds: float) -> str:
    cases = "".join(f'<testcase name="test_in_runtime[jspi-c{n}-{name}]"/>' for n in range(passed))
    return (
        f'<testsuites><testsuite name="pytest" time="{seconds}" timestamp="{start}">'
        f"{cases}</testsuite></testsuites>"
    )


def test_the_matrix_report_writes_the_block_that_make_figures_takes(repo: Path) -> None:
    cells = repo / "artifacts/junit"
    cells.mkdir(parents=True)
    (cells / "node24.xml").write_text(junit("node", 3, "2030-01-01T10:00:00+00:00", 100))
    (cells / "pyodide-0.27.8-node24.xml").write_text(
        junit("node", 2, "2030-01-01T10:05:00+00:00", 1500)
    )
    assert matrix_report.main([str(cells), "--out", str(repo / "artifacts/matrix.md")]) == 0
    assert readme_figures.main(["matrix", "--root", str(repo)]) == 0
    figures = (repo / "docs/figures/matrix.md").read_text(encoding="utf-8")
    assert "the run that ended 2030-01-01 10:30 UTC" in figures
    assert "2 cells, **5 tests passed, 0 failed, 0 skipped** (5 blocking on JSPI" in figures
    assert "to the last cell's end **1,800 s**, test time in the cells 1,600 s" in figures
    assert "| runtime | Pyodide 0.27.8 | Pyodide ? |" in figures  # node24 ran no probe
    assert "| node24 | 2 | 3 |" in figures
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert readme_figures.extract(readme, MATRIX) == figures
    assert readme_figures.stale(repo) == []


def test_a_matrix_report_without_the_block_is_an_error(repo: Path) -> None:
    (repo / "artifacts").mkdir()
    (repo / "artifacts/matrix.md").write_text("| cell | engine |\n", encoding="utf-8")
    assert readme_figures.main(["matrix", "--root", str(repo)]) == 1
