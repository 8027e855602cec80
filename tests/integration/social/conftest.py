"""Fixtures for the social tests: network stubs, and both functions' environments from the template.

One embedded AWS per test module, wiped between tests (``clean_slate``), instead of the root's
fresh moto per test: provisioning the template and building boto3 clients cost more than half a
second a test, and these tests only need the social records, schedules and secrets emptied.
"""

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from lobbykit.application import wiring
from lobbykit.config import LOCAL_STACK_SETTINGS
from lobbykit.local import cloudformation
from tests.support.bluesky_stub import BlueskyStub
from tests.support.mastodon_stub import MastodonStub
from tests.support.social import Coalition, NetworkStubs, organiser_token
from tests.support.x_stub import XStub


@pytest.fixture(scope="module")
def aws() -> Iterator[None]:
    with mock_aws():
        yield


@pytest.fixture(scope="module")
def resources(aws: None, template: dict[str, Any]) -> Iterator[dict[str, str]]:
    """The template's resources, and services kept for the whole module (see ``fresh_services``)."""
    yield cloudformation.provision(template, prefix="test")
    wiring.reset()


@pytest.fixture(autouse=True)
def fresh_services() -> Iterator[None]:
    """Overrides the root's: services (and their boto3 clients) are kept for the module, whose
    environment does not change; only the CLI's quieter logging is undone."""
    yield
    os.environ.pop("POWERTOOLS_LOG_LEVEL", None)


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
    atomic_dynamodb: None,
) -> Iterator[dict[str, str]]:
    """The API and publish functions' environments as the template sets them (they share one
    process here), with X's calls sent to the stub as ``LOBBYKIT_X_API_URL`` allows, the other
    stubs reachable over http://127.0.0.1 as on the local stack, and moto's DynamoDB made atomic
    (the publish function writes from many threads); the social records, schedules and secrets
    are wiped afterwards."""
    environment = {
        **cloudformation.function_environment(template, "PublishFunction", resources),
        **api_environment,
        "LOBBYKIT_X_API_URL": network_stubs.x.url,
        **LOCAL_STACK_SETTINGS,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    yield environment
    wipe(environment)


def wipe(environment: dict[str, str]) -> None:
    """Empty the social table, the schedule group and the account secrets for the next test."""
    dynamodb, table = boto3.client("dynamodb"), environment["LOBBYKIT_SOCIAL_TABLE"]
    for page in dynamodb.get_paginator("scan").paginate(TableName=table, ProjectionExpression="pk, sk"):
        for item in page["Items"]:
            dynamodb.delete_item(TableName=table, Key=item)
    scheduler, group = boto3.client("scheduler"), environment["LOBBYKIT_SCHEDULE_GROUP"]
    for schedule in scheduler.list_schedules(GroupName=group)["Schedules"]:
        scheduler.delete_schedule(Name=schedule["Name"], GroupName=group)
    secrets, prefix = boto3.client("secretsmanager"), environment["LOBBYKIT_ACCOUNT_SECRET_PREFIX"]
    for secret in secrets.list_secrets()["SecretList"]:
        if secret["Name"].startswith(prefix):
            secrets.delete_secret(SecretId=secret["Name"], ForceDeleteWithoutRecovery=True)


@pytest.fixture
def coalition(social_environment: dict[str, str], network_stubs: NetworkStubs) -> Coalition:
    return Coalition(network_stubs, social_environment["LOBBYKIT_SOCIAL_TABLE"], organiser_token())
