"""The API function imports the routers a request's part of the site needs, and no others."""

import json
import subprocess
import sys

import pytest

from lobbykit.handlers.api import SECTIONS, section_of

LOOKUP_ONLY = """
import json, sys
from lobbykit.handlers.api import resolver
resolver("api/mp")
print(json.dumps(sorted(name for name in sys.modules if name.startswith("lobbykit."))))
"""


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/api/mp", "api/mp"),
        ("/api/campaigns/send-in-the-specialists/actions", "api/campaigns"),
        ("/c/send-in-the-specialists", "c"),
        ("/confirm/abc", "confirm"),
        ("/", ""),
        ("/nowhere/at/all", "nowhere"),
    ],
)
def test_a_path_belongs_to_the_part_named_by_its_first_segments(path: str, section: str) -> None:
    assert section_of(path) == section


def test_a_lookup_imports_neither_the_letters_nor_the_organisers_nor_social_code() -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", LOOKUP_ONLY], capture_output=True, text=True, check=True
    )
    imported = set(json.loads(done.stdout))
    assert "lobbykit.handlers.mp" in imported
    # The error mapping imports the error classes at the first refusal, not before.
    unneeded = {f"lobbykit.handlers.{name}" for names in SECTIONS.values() for name in names} - {
        "lobbykit.handlers.mp"
    }
    assert not imported & unneeded
    assert not {name for name in imported if name.startswith("lobbykit.domain.social")}
    assert not imported & {
        "lobbykit.domain.actions",
        "lobbykit.domain.e_action",
        "lobbykit.domain.letters",
        "lobbykit.domain.metrics",
        "lobbykit.domain.submission",
        "lobbykit.handlers.auth",
        "lobbykit.handlers.html",
    }
