"""docs/configuration.md lists every ``LOBBYKIT_*`` setting the code reads, and only those:
a deployer reads the table, not the code, so a setting missing from it is a setting nobody sets."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"LOBBYKIT_[A-Z0-9_]+")
# Read outside functions/: the browser tests' choice of Chromium.
READERS = (*(ROOT / "functions" / "lobbykit").rglob("*.py"), ROOT / "tests" / "browser" / "conftest.py")


def names_in(text: str) -> set[str]:
    return set(NAME.findall(text))


def test_every_setting_the_code_reads_is_documented() -> None:
    read = set().union(*(names_in(path.read_text()) for path in READERS))
    documented = names_in((ROOT / "docs" / "configuration.md").read_text())
    assert read - documented == set(), "add these to docs/configuration.md"
    assert documented - read == set(), "docs/configuration.md names settings no code reads"
