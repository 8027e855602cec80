"""Secrets read through powertools Parameters (moto's Secrets Manager): each kept in a warm
function for its own ``max_age``, and a change seen once that has passed.

The clock powertools' cache reads is moved forward instead of waiting (``later``).
"""

import json
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

import boto3
import pytest
from aws_lambda_powertools.utilities.parameters import base
from botocore.config import Config

from lobbykit.adapters.secrets import (
    ACCOUNT_CREDENTIALS_MAX_AGE,
    ORGANISER_TOKENS_MAX_AGE,
    PSEUDONYM_KEY_MAX_AGE,
    TURNSTILE_SECRET_MAX_AGE,
    SecretNotFound,
    SecretReader,
)
from lobbykit.adapters.social.account_store import DynamoAccountStore
from lobbykit.application import wiring
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.organisers import NotAuthorised, Role, authorise, create_token
from lobbykit.domain.social.accounts import Account, Network

Later = Callable[[float], None]
ONCE = {"mode": "standard", "total_max_attempts": 1}


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Later:
    """``later(seconds)`` moves the clock of powertools' parameter cache that far forward."""
    ahead = timedelta()

    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:
            return datetime.now(tz) + ahead

    def move(seconds: float) -> None:
        nonlocal ahead
        ahead += timedelta(seconds=seconds)

    monkeypatch.setattr(base, "datetime", Clock)
    return move


def replace_secret(name: str, value: str) -> None:
    """What an operator (or another warm function) does: the process under test is not told."""
    boto3.client("secretsmanager").put_secret_value(SecretId=name, SecretString=value)


def test_a_changed_secret_is_seen_once_its_max_age_has_passed_and_not_before(aws: None, later: Later) -> None:
    boto3.client("secretsmanager").create_secret(Name="s", SecretString="first")
    reader = SecretReader(boto3.client("secretsmanager"))
    assert reader.secret_string("s", max_age=60) == "first"

    replace_secret("s", "second")
    later(59)
    assert reader.secret_string("s", max_age=60) == "first"
    later(2)
    assert reader.secret_string("s", max_age=60) == "second"


def test_a_secret_not_to_be_cached_is_read_every_time(aws: None) -> None:
    boto3.client("secretsmanager").create_secret(Name="s", SecretString="first")
    reader = SecretReader(boto3.client("secretsmanager"))
    assert reader.secret_string("s", max_age=0) == "first"
    replace_secret("s", "second")
    assert reader.secret_string("s", max_age=0) == "second"


def test_a_missing_secret_is_named_as_missing_and_an_unreachable_one_as_unavailable(aws: None) -> None:
    client = boto3.client("secretsmanager")
    with pytest.raises(SecretNotFound):
        SecretReader(client).secret_string("nowhere", max_age=60)

    nothing_listens = "http://127.0.0.1:9"
    broken = boto3.client("secretsmanager", endpoint_url=nothing_listens, config=Config(retries=ONCE))
    with pytest.raises(UpstreamUnavailable, match="try again") as raised:
        SecretReader(broken).secret_string("s", max_age=60)
    assert not isinstance(raised.value, SecretNotFound)


def test_a_token_revoked_elsewhere_stops_working_within_a_minute(
    api_environment: dict[str, str], later: Later
) -> None:
    token = create_token(wiring.token_store(), "alice", Role.VIEWER, wiring.now())
    secret = api_environment["LOBBYKIT_ORGANISER_TOKENS_SECRET"]
    assert authorise(f"Bearer {token}", wiring.token_store().tokens(), wiring.now()).name == "alice"

    replace_secret(secret, json.dumps({"tokens": []}))  # `lobbykit tokens revoke`, run elsewhere
    assert authorise(f"Bearer {token}", wiring.token_store().tokens(), wiring.now()).name == "alice"
    later(ORGANISER_TOKENS_MAX_AGE + 1)
    with pytest.raises(NotAuthorised):
        authorise(f"Bearer {token}", wiring.token_store().tokens(), wiring.now())
    assert ORGANISER_TOKENS_MAX_AGE <= 60


def test_a_replaced_turnstile_key_is_used_within_five_minutes(
    api_environment: dict[str, str], later: Later
) -> None:
    secret = api_environment["LOBBYKIT_TURNSTILE_SECRET"]
    placeholder = wiring.turnstile_secret()
    replace_secret(secret, "0x4AAAAAAA-the-real-key")
    assert wiring.turnstile_secret() == placeholder
    later(TURNSTILE_SECRET_MAX_AGE + 1)
    assert wiring.turnstile_secret() == "0x4AAAAAAA-the-real-key"
    assert TURNSTILE_SECRET_MAX_AGE <= 300


def test_the_pseudonym_key_is_read_once_an_hour(api_environment: dict[str, str], later: Later) -> None:
    secret = api_environment["LOBBYKIT_PSEUDONYM_KEY_SECRET"]
    key = wiring.pseudonym_key()
    replace_secret(secret, "a-new-key")
    later(PSEUDONYM_KEY_MAX_AGE - 1)
    assert wiring.pseudonym_key() == key
    later(2)
    assert wiring.pseudonym_key() == b"a-new-key"


def test_credentials_registered_again_are_used_by_the_next_run(aws: None) -> None:
    client = boto3.client("secretsmanager")
    store = DynamoAccountStore(boto3.client("dynamodb"), "unused", client, "lobbykit/social-accounts/")
    account = Account("nas-x", Network.X, "@nas", "2026-03-05T09:00:00+00:00")
    client.create_secret(Name=store.secret_name("nas-x"), SecretString=json.dumps({"access_token": "old"}))
    assert store.credentials(account) == {"access_token": "old"}

    replace_secret(store.secret_name("nas-x"), json.dumps({"access_token": "new"}))
    assert store.credentials(account) == {"access_token": "new"}
    assert ACCOUNT_CREDENTIALS_MAX_AGE == 0

    client.delete_secret(SecretId=store.secret_name("nas-x"), ForceDeleteWithoutRecovery=True)
    with pytest.raises(UpstreamUnavailable, match="register the account again"):
        store.credentials(account)
