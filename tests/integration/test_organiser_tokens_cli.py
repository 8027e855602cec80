"""``lobbykit tokens`` against (moto's) Secrets Manager, as an organiser would use it in AWS."""

import json

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.cli import main
from lobbykit.domain.organisers import authorise

SECRET = "lobbykit-organiser-tokens"


@pytest.fixture
def secret_env(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOBBYKIT_ORGANISER_TOKENS_SECRET", SECRET)


def test_create_list_and_revoke(secret_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokens", "create", "alice"]) == 0
    token = capsys.readouterr().out.strip()
    stored = boto3.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"]
    assert token not in stored
    assert json.loads(stored)["tokens"][0]["name"] == "alice"

    wiring.reset()
    assert authorise(f"Bearer {token}", wiring.token_store().tokens()) == "alice"

    assert main(["tokens", "list"]) == 0
    assert capsys.readouterr().out.startswith("alice\t")

    assert main(["tokens", "revoke", "alice"]) == 0
    assert main(["tokens", "revoke", "alice"]) == 1
    wiring.reset()
    assert wiring.token_store().tokens() == []
