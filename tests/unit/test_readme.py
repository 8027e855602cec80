"""The README is the front door: short, the two commands first, and its links to docs/ resolve."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_readme_is_short_and_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme) <= 12_000
    first_lines = readme.split("```sh\n", 1)[1].splitlines()[:2]
    assert [line.split()[:2] for line in first_lines] == [["make", "run"], ["make", "test"]]


def test_links_between_the_readme_and_docs_resolve() -> None:
    for page in (ROOT / "README.md", *(ROOT / "docs").glob("*.md")):
        for target in LINK.findall(page.read_text()):
            if not target.startswith(("http://", "https://")):
                assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
