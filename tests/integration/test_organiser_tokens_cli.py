"""``lobbykit tokens`` against (moto's) Secrets Manager, as an organiser would use it in AWS."""

import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.cli import main
from lobbykit.domain.organisers import Role, authorise, digest

SECRET = "lobbykit-organiser-tokens"


@pytest.fixture
def secret_env(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOBBYKIT_ORGANISER_TOKENS_SECRET", SECRET)


def stored() -> list[dict[str, str]]:
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"]
    return json.loads(secret)["tokens"]  # type: ignore[no-any-return]


def test_create_list_and_revoke(secret_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokens", "create", "alice", "--role", "admin", "--expires-in", "30d"]) == 0
    created = capsys.readouterr()
    token = created.out.strip()
    assert "Admin token for alice, until" in created.err
    assert token not in json.dumps(stored())
    assert [(t["name"], t["role"]) for t in stored()] == [("alice", "admin")]

    wiring.reset()
    now = datetime.now(UTC)
    alice = authorise(f"Bearer {token}", wiring.token_store().tokens(), now)
    assert (alice.name, alice.role) == ("alice", Role.ADMIN)
    assert timedelta(days=29, hours=23) < alice.expires_at - now <= timedelta(days=30)

    assert main(["tokens", "list"]) == 0
    name, role, expires, created_at = capsys.readouterr().out.strip().split("\t")
    assert (name, role) == ("alice", "admin")
    assert expires == f"expires {alice.expires_at.isoformat(timespec='minutes')}"
    assert created_at.startswith("created ")

    assert main(["tokens", "revoke", "alice"]) == 0
    assert main(["tokens", "revoke", "alice"]) == 1
    wiring.reset()
    assert wiring.token_store().tokens() == []


def test_a_new_token_is_a_viewers_for_ninety_days_unless_told_otherwise(
    secret_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tokens", "create", "bob"]) == 0
    [record] = stored()
    assert record["role"] == "viewer"
    lifetime = datetime.fromisoformat(record["expires_at"]) - datetime.fromisoformat(record["created_at"])
    assert lifetime == timedelta(days=90)


@pytest.mark.parametrize("expiry", ["forever", "0d", "90"])
def test_a_wrong_expiry_is_refused_with_an_example_and_nothing_stored(
    secret_env: None, capsys: pytest.CaptureFixture[str], expiry: str
) -> None:
    assert main(["tokens", "create", "carol", "--expires-in", expiry]) == 2
    assert "e.g. 90d" in capsys.readouterr().err
    wiring.reset()
    assert wiring.token_store().tokens() == []


def test_a_role_that_does_not_exist_is_refused(secret_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["tokens", "create", "carol", "--role", "superuser"])
    assert refused.value.code == 2
    assert "choose from 'viewer', 'organiser', 'admin'" in capsys.readouterr().err


def test_list_says_which_tokens_no_longer_work(secret_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    long_ago = datetime(2026, 1, 5, tzinfo=UTC)
    records = [
        {"name": "early", "digest": digest("lk_early"), "created_at": long_ago.isoformat()},
        {
            "name": "lapsed",
            "digest": digest("lk_lapsed"),
            "created_at": long_ago.isoformat(),
            "role": "viewer",
            "expires_at": (long_ago + timedelta(days=1)).isoformat(),
        },
    ]
    boto3.client("secretsmanager").create_secret(Name=SECRET, SecretString=json.dumps({"tokens": records}))
    assert main(["tokens", "list"]) == 0
    early, lapsed = capsys.readouterr().out.strip().split("\n")
    assert early.startswith("early\t-\trefused: made before roles")
    assert lapsed.startswith("lapsed\tviewer\texpires 2026-01-06T00:00+00:00 (expired)\t")


def test_without_the_secret_named_the_command_says_where_tokens_live(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("LOBBYKIT_ORGANISER_TOKENS_SECRET", raising=False)
    assert main(["tokens", "create", "dana", "--role", "viewer"]) == 2
    said = capsys.readouterr().err
    assert "OrganiserTokensSecretArn" in said
    assert "POST /api/tokens" in said
    assert "Traceback" not in said
