"""``lobbykit lookup POSTCODE`` as a person runs it: the installed command, in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lobbykit.domain.members import OPEN_PARLIAMENT_ATTRIBUTION
from lobbykit.local.members_stub import MembersApiStub

LOBBYKIT = Path(sys.executable).parent / "lobbykit"


def run(members_stub: MembersApiStub, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LOBBYKIT_MEMBERS_API_URL": members_stub.url}
    environment.pop("LOBBYKIT_CACHE_TABLE", None)
    return subprocess.run(  # noqa: S603 - our own installed command
        [str(LOBBYKIT), *args], capture_output=True, text=True, env=environment, timeout=60, check=False
    )


def test_lookup_prints_the_same_json_as_the_api(members_stub: MembersApiStub) -> None:
    result = run(members_stub, "lookup", "iv3 5ss")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["postcode"] == "IV3 5SS"
    assert answer["mp"]["name"] == "Mr Angus MacDonald"
    assert answer["attribution"] == OPEN_PARLIAMENT_ATTRIBUTION


@pytest.mark.parametrize(
    ("postcode", "code"),
    [
        ("not a postcode", "invalid_postcode"),
        ("JE2 3AB", "no_westminster_mp"),
        ("ZZ9 9ZZ", "postcode_not_found"),
    ],
)
def test_lookup_errors_go_to_stderr_as_json_with_a_non_zero_exit(
    members_stub: MembersApiStub, postcode: str, code: str
) -> None:
    result = run(members_stub, "lookup", postcode)
    assert result.returncode != 0
    assert result.stdout == ""
    assert json.loads(result.stderr)["error"] == code


def test_lookup_during_an_outage_says_upstream_unavailable(members_stub: MembersApiStub) -> None:
    environment = {**os.environ, "LOBBYKIT_MEMBERS_API_URL": "http://127.0.0.1:9"}
    result = subprocess.run(  # noqa: S603
        [str(LOBBYKIT), "lookup", "IV3 5SS"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert json.loads(result.stderr)["error"] == "upstream_unavailable"
    assert "Traceback" not in result.stderr
