"""The README's figures come from runs, never typed (issue 18): `make figures`, `make bench`.

Each block is written by a run into artifacts/, committed as a copy, and inserted between the
markers `<!-- NAME:start -->` and `<!-- NAME:end -->` of its targets:

    bench        artifacts/bench-summary.md -> bench/summary.md       -> README, bench/RESULTS.md
    bench-table  artifacts/bench.txt        -> bench/summary.txt      -> bench/RESULTS.md
    matrix       artifacts/matrix.md (its matrix-figures block)
                                            -> docs/figures/matrix.md -> README.md

    python -m tools.readme_figures [NAME ...]  # copy the artifacts that exist, insert every copy
    python -m tools.readme_figures --check     # exit 1 if a block or the README's prose is stale

`make bench` (bench/run.py) writes both bench artifacts, each under the same first line naming
the run (date, machine, load average); `make matrix-report` (tools/matrix_report.py) writes the
matrix one. A block is copied whole, whatever rows or cells it has. --check also fails on a
measured figure (ms, s, KB, x ...) typed into README.md or bench/RESULTS.md outside the blocks.
tests/tools/test_readme_figures.py runs the check in `make test-host`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.matrix_report import FIGURES_END, FIGURES_START

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Block:
    name: str
    artifact: str  # what the run wrote, relative to the repository
    copy: str  # the committed copy
    targets: tuple[str, ...]
    fence: bool = False  # inserted as a ```text block

    @property
    def markers(self) -> tuple[str, str]:
        return f"<!-- {self.name}:start -->", f"<!-- {self.name}:end -->"

    def take(self, artifact_text: str) -> str:
        """The artifact's text -> the block (the matrix report holds its block between markers)."""
        if self.name == "matrix":
            i, j = artifact_text.find(FIGURES_START), artifact_text.find(FIGURES_END)
            if i < 0 or j < i:
                raise ValueError(f"no {FIGURES_START} block in {self.artifact}")
            artifact_text = artifact_text[i + len(FIGURES_START) : j]
        return artifact_text.strip("\n") + "\n"

    def render(self, copy: str) -> str:
        """The copy as it stands between the markers."""
        return f"```text\n{copy}```\n" if self.fence else copy


BLOCKS = (
    Block("bench", "artifacts/bench-summary.md", "bench/summary.md",
          ("README.md", "bench/RESULTS.md")),
    Block("bench-table", "artifacts/bench.txt", "bench/summary.txt", ("bench/RESULTS.md",),
          fence=True),
    Block("matrix", "artifacts/matrix.md", "docs/figures/matrix.md", ("README.md",)),
)  # fmt: skip
BY_NAME = {block.name: block for block in BLOCKS}

# A figure someone measured: a number with a unit of time, size, rate or ratio ("1,652 s",
# "31 ms", "1.21x", "~38 KB", "27.5 min", "~40 µs", "500 requests/s"). Sizes of the work
# ("32 MiB", "8 MiB"), versions and counts of things are not figures of a run.
MEASURED = re.compile(
    r"(?<![\w.-])~?\d[\d,.½]*(?:[–-]\d[\d,.]*)?\s?"
    r"(?:ms|µs|s|min|minutes|KB|MB|GB|x|×|requests/s|tests|passed)(?![\w/])"
)
PROSE = ("README.md", "bench/RESULTS.md")  # where no measured figure may be typed
# Fixed facts of the project that look like figures: limits and sizes it sets, not measures.
NOT_MEASURED = ("CI allows 90 minutes",)


def span(text: str, block: Block) -> tuple[int, int]:
    """Where the block's content is (between its markers); ValueError unless both are there once."""
    start, end = block.markers
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"expected one {start} and one {end}")
    i, j = text.index(start) + len(start), text.index(end)
    if j < i:
        raise ValueError(f"{end} comes before {start}")
    return i, j


def extract(text: str, block: Block) -> str:
    i, j = span(text, block)
    return text[i:j].strip("\n") + "\n"


def insert(text: str, block: Block, copy: str) -> str:
    i, j = span(text, block)
    return text[:i] + "\n" + block.render(copy) + text[j:]


def outside_blocks(text: str) -> str:
    """The text with every marked block and every fenced code block cut out."""
    for block in BLOCKS:
        start, end = block.markers
        while start in text and end in text:
            text = text[: text.index(start)] + text[text.index(end) + len(end) :]
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


def typed_figures(text: str) -> list[str]:
    """The measured figures typed into `text` outside the generated blocks."""
    prose = outside_blocks(text)
    for fact in NOT_MEASURED:
        prose = prose.replace(fact, "")
    return MEASURED.findall(prose)


def stale(root: Path = ROOT, blocks: Sequence[Block] = BLOCKS) -> list[str]:
    """Everything that is not as `make figures` would leave it."""
    problems = []
    for block in blocks:
        copy = (root / block.copy).read_text(encoding="utf-8")
        for target in block.targets:
            try:
                got = extract((root / target).read_text(encoding="utf-8"), block)
            except ValueError as exc:
                problems.append(f"{target}: {exc}")
                continue
            if got != block.render(copy):
                problems.append(f"{target}: the {block.name} block is not {block.copy}")
    summary, table = ((root / BY_NAME[n].copy).read_text("utf-8") for n in ("bench", "bench-table"))
    if summary.split("\n")[0] != table.split("\n")[0]:
        problems.append("bench/summary.md and .txt are not from the same `make bench`")
    for rel in PROSE:
        typed = typed_figures((root / rel).read_text(encoding="utf-8"))
        if typed:
            problems.append(f"{rel}: measured figures typed outside the blocks: {typed}")
    return problems


def update(root: Path, blocks: Sequence[Block]) -> list[str]:
    """Copy each artifact that exists into its committed copy, then each copy into its targets."""
    changed = []

    def write(rel: str, text: str) -> None:
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(rel)

    for block in blocks:
        artifact = root / block.artifact
        if artifact.is_file():
            write(block.copy, block.take(artifact.read_text(encoding="utf-8")))
        copy = (root / block.copy).read_text(encoding="utf-8")
        for target in block.targets:
            write(target, insert((root / target).read_text(encoding="utf-8"), block, copy))
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.readme_figures",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    names = ", ".join(BY_NAME)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"{names} (default: all)")
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown block {', '.join(unknown)} (known: {names})")
    blocks = [BY_NAME[name] for name in args.names] or list(BLOCKS)
    try:
        if args.check:
            problems = stale(args.root, blocks)
            for problem in problems:
                print(f"readme_figures: {problem} (see `make figures`)", file=sys.stderr)
            return 1 if problems else 0
        for rel in update(args.root, blocks):
            print(f"readme_figures: updated {rel}")
    except (OSError, ValueError) as exc:
        print(f"readme_figures: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
