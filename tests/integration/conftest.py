"""Fixtures for the social tests: network stubs, and both functions' environments from the template."""

from collections.abc import Iterator
from functools import cache
from typing import Any

import boto3
import pytest

from lobbykit.handlers import services
from lobbykit.local import cloudformation
from lobbykit.local.serialised import Serialised
from tests.support.bluesky_stub import BlueskyStub
from tests.support.mastodon_stub import MastodonStub
from tests.support.social import Coalition, NetworkStubs, organiser_token
from tests.support.x_stub import XStub


@pytest.fixture(scope="session")
def network_stubs_server() -> Iterator[NetworkStubs]:
    with XStub() as x, BlueskyStub() as bluesky, MastodonStub() as mastodon:
        yield NetworkStubs(x, bluesky, mastodon)  # type: ignore[arg-type]


@pytest.fixture
def network_stubs(network_stubs_server: NetworkStubs) -> Iterator[NetworkStubs]:
    network_stubs_server.reset()
    yield network_stubs_server
    network_stubs_server.reset()


@pytest.fixture
def social_environment(
    monkeypatch: pytest.MonkeyPatch,
    template: dict[str, Any],
    resources: dict[str, str],
    api_environment: dict[str, str],
    network_stubs: NetworkStubs,
) -> dict[str, str]:
    """The API and publish functions' environments as the template sets them (they share one
    process here), with X's calls sent to the stub as ``LOBBYKIT_X_API_URL`` allows, and
    DynamoDB calls taking turns (moto's is not thread-safe; see ``Serialised``)."""
    environment = {
        **cloudformation.function_environment(template, "PublishFunction", resources),
        **api_environment,
        "LOBBYKIT_X_API_URL": network_stubs.x.url,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(services, "dynamodb_client", cache(lambda: Serialised(boto3.client("dynamodb"))))
    return environment


@pytest.fixture
def coalition(social_environment: dict[str, str], network_stubs: NetworkStubs) -> Coalition:
    return Coalition(network_stubs, social_environment["LOBBYKIT_SOCIAL_TABLE"], organiser_token())
