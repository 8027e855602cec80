"""Erasing a supporter: the organiser route and ``lobbykit erase``, and what remains after."""

from datetime import UTC, datetime

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.cli import main
from lobbykit.domain.organisers import Role, create_token
from tests.support import members_data as seats
from tests.support.api import call_api
from tests.support.e_action import confirmation_links, submit, supporter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
EMAIL = "erase.me@example.com"


@pytest.fixture
def token() -> str:
    return create_token(wiring.token_store(), "alice", Role.ADMIN, datetime.now(UTC))


def items(table: str) -> list[dict]:
    return boto3.client("dynamodb").scan(TableName=table)["Items"]


def make_letters() -> None:
    submit(supporter(email=EMAIL))
    call_api("POST", confirmation_links()[0])
    submit(supporter(email=EMAIL, postcode=seats.NORTHERN_IRELAND))  # awaiting confirmation
    submit(supporter(email="someone.else@example.com"))


def test_an_organiser_erases_a_supporter_and_is_told_what_was_removed(
    token: str, resources: dict[str, str]
) -> None:
    make_letters()
    response = call_api(
        "POST",
        "/api/supporters/erase",
        body={"email": "Erase.Me@Example.com"},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status == 200
    body = response.json()
    assert body["erased"] == 2
    assert {a["mp"] for a in body["actions"]} == {"Stephen Doughty", "Claire Hanna"}
    assert {a["status"] for a in body["actions"]} == {"sent", "awaiting_confirmation"}
    assert "Anonymous counts" in body["message"]
    remaining = str(items(resources["ActionsTable"]))
    assert "erase.me" not in remaining
    assert "someone.else@example.com" in remaining
    # the supporter may write again: their uniqueness marker went with the letter
    assert submit(supporter(email=EMAIL)).status == 202


def test_erasing_needs_an_organiser_token() -> None:
    response = call_api("POST", "/api/supporters/erase", body={"email": EMAIL})
    assert response.status == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_erasing_an_unknown_email_says_nothing_was_removed(token: str) -> None:
    response = call_api(
        "POST", "/api/supporters/erase", body={"email": EMAIL}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.json()["erased"] == 0
    assert "nothing was removed" in response.json()["message"]


def test_the_cli_erases_too(capsys: pytest.CaptureFixture[str], resources: dict[str, str]) -> None:
    make_letters()
    wiring.reset()
    assert main(["erase", "--email", EMAIL]) == 0
    out = capsys.readouterr().out
    assert "Removed 2 letters" in out
    assert "erase.me" not in str(items(resources["ActionsTable"]))
