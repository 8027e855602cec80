"""POST/GET /api/accounts: credentials are checked with each network's stub, kept in Secrets
Manager, and never shown again."""

import json

import boto3

from tests.support.api import call_api
from tests.support.bluesky_stub import BlueskyUser
from tests.support.mastodon_stub import MastodonUser
from tests.support.social import Coalition, NetworkStubs
from tests.support.x_stub import x_user


def test_given_valid_credentials_on_each_network_when_registered_then_201_with_the_networks_handle(
    coalition: Coalition, network_stubs: NetworkStubs
) -> None:
    answers = {
        "rcslt-x": coalition.x_account("rcslt-x"),
        "rcslt-bsky": coalition.bluesky_account("rcslt-bsky"),
        "rcslt-masto": coalition.mastodon_account("rcslt-masto"),
        "recorder-a": coalition.recording_account("recorder-a"),
    }
    assert {name: (a.status, a.json()) for name, a in answers.items()} == {
        "rcslt-x": (201, {"name": "rcslt-x", "network": "x", "handle": "@rcslt_x"}),
        "rcslt-bsky": (
            201,
            {"name": "rcslt-bsky", "network": "bluesky", "handle": "@rcslt-bsky.bsky.social"},
        ),
        "rcslt-masto": (
            201,
            {"name": "rcslt-masto", "network": "mastodon", "handle": "@rcslt-masto@127.0.0.1"},
        ),
        "recorder-a": (201, {"name": "recorder-a", "network": "recording", "handle": "@recorder-a"}),
    }
    assert network_stubs.x.bad_signatures == 0
    listed = coalition.call("GET", "/api/accounts")
    assert listed.status == 200
    assert [a["name"] for a in listed.json()] == ["rcslt-bsky", "rcslt-masto", "rcslt-x", "recorder-a"]
    assert all(set(a) == {"name", "network", "handle"} for a in listed.json())


def test_credentials_live_in_one_secret_per_account_and_never_in_the_table(
    coalition: Coalition, social_environment: dict[str, str]
) -> None:
    coalition.x_account("nas-x")
    prefix = social_environment["LOBBYKIT_ACCOUNT_SECRET_PREFIX"]
    stored = boto3.client("secretsmanager").get_secret_value(SecretId=f"{prefix}nas-x")["SecretString"]
    assert json.loads(stored) == x_user("nas_x").credentials()
    items = boto3.client("dynamodb").scan(TableName=coalition.table)["Items"]
    assert items
    assert all(secret not in json.dumps(items) for secret in coalition.secrets_seen)


def test_given_credentials_a_network_rejects_when_registered_then_422_and_nothing_is_saved(
    coalition: Coalition, network_stubs: NetworkStubs
) -> None:
    wrong = {
        "x": x_user("someone").credentials(),  # never added to the stub
        "bluesky": BlueskyUser("ghost.bsky.social", "wrong").credentials(network_stubs.bluesky.url),
        "mastodon": MastodonUser("ghost", "not-a-token").credentials(network_stubs.mastodon.url),
    }
    for network, credentials in wrong.items():
        answer = coalition.register("ghost", network, **credentials)
        assert (answer.status, answer.json()["error"]) == (422, "credentials_rejected"), network
        assert network.replace("x", "X").title()[:4].lower() in answer.json()["message"].lower()
    assert coalition.call("GET", "/api/accounts").json() == []


def test_an_x_signature_made_with_the_wrong_secret_is_refused_by_the_stub(
    coalition: Coalition, network_stubs: NetworkStubs
) -> None:
    user = network_stubs.x.add(x_user("forger"))
    forged = {**user.credentials(), "access_token_secret": "not-the-real-secret"}
    answer = coalition.register("forger", "x", **forged)
    assert answer.status == 422
    assert network_stubs.x.bad_signatures == 1


def test_the_mastodon_instances_own_limit_is_read_when_registering(
    coalition: Coalition, network_stubs: NetworkStubs
) -> None:
    network_stubs.mastodon.max_characters = 1000
    coalition.mastodon_account("long-masto")
    long_post = "Specialists matter. " * 40  # 800 characters: over 500, within this instance's 1000
    answer = coalition.schedule([{"account": "long-masto", "text": long_post}])
    assert answer.status == 201, answer.body


def test_incomplete_or_unknown_registrations_are_400_naming_the_field(coalition: Coalition) -> None:
    cases = [
        ({"name": "Bad Name!", "network": "recording"}, "name"),
        ({"name": "ok", "network": "myspace"}, "network"),
        ({"name": "ok", "network": "x", "consumer_key": "k"}, "consumer_secret"),
        (
            {"name": "ok", "network": "mastodon", "access_token": "t", "instance_url": "ftp://x"},
            "instance_url",
        ),
        ({"name": "ok", "network": "recording", "password": "p"}, "password"),
        ({"name": "ok", "network": "recording", "variables": {"bad key": "v"}}, "variables"),
    ]
    for body, field in cases:
        answer = coalition.call("POST", "/api/accounts", body)
        assert (answer.status, answer.json().get("field")) == (400, field), answer.body


def test_account_routes_need_an_organiser_token(coalition: Coalition) -> None:
    assert call_api("GET", "/api/accounts").status == 401
    assert call_api("POST", "/api/accounts", body={"name": "x", "network": "recording"}).status == 401
