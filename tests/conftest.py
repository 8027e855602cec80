"""Fixtures shared by every kind of test: the Members API stub, moto, and fresh services."""

import functools
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.loaders
import botocore.session
import pytest
from moto import mock_aws

from lobbykit.adapters.campaign_files import CampaignFiles
from lobbykit.application import wiring
from lobbykit.local import aws as aws_local
from lobbykit.local import cloudformation
from lobbykit.local.members_stub import MembersApiStub
from lobbykit.local.ses import campaign_senders, verify_senders
from tests.support.members_data import stub_dataset

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_URL = "https://write.example.org"

# Never let a test reach real AWS, whatever the machine's environment holds.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="eu-west-2",
)
os.environ.pop("AWS_PROFILE", None)

# Each test makes its clients afresh (moto resets boto3's default session, and services.reset()
# the functions' own), and each new botocore session would parse the services' JSON models
# again: tens of milliseconds a client, most of an integration test's time. One loader serves
# the whole run; it only reads the models botocore ships.
botocore.session.create_loader = functools.cache(botocore.loaders.create_loader)  # type: ignore[attr-defined]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pytest-xdist runs one of several tests that share a node id (schemathesis's operations
    do) and drops the others without a word: refuse to start instead (make test runs them apart)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    shared = sorted(nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1)
    if shared:
        raise pytest.UsageError(f"tests sharing a node id cannot run under pytest-xdist: {shared}")


@pytest.fixture(autouse=True)
def fresh_services() -> Iterator[None]:
    """Each test builds its own adapters from its own environment (the CLI may quieten logs).

    Set up before, and so torn down after, any test's own monkeypatching of ``wiring``.
    """
    wiring.reset()
    yield
    os.environ.pop("POWERTOOLS_LOG_LEVEL", None)
    wiring.reset()


@pytest.fixture(scope="session")
def members_stub_server() -> Iterator[MembersApiStub]:
    with MembersApiStub(dataset=stub_dataset()) as stub:
        yield stub


@pytest.fixture
def members_stub(members_stub_server: MembersApiStub) -> Iterator[MembersApiStub]:
    """The session's stub, healed and with its call counts at zero."""
    members_stub_server.heal()
    members_stub_server.calls.clear()
    members_stub_server.content_type = "application/json"
    yield members_stub_server
    members_stub_server.heal()


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    return cloudformation.load_template()


@pytest.fixture
def aws() -> Iterator[None]:
    """moto, with SESv2 minding configuration sets and keeping tags as SES does (``local.aws``)."""
    with mock_aws(), aws_local.faithful_sesv2():
        yield


@pytest.fixture
def resources(aws: None, template: dict[str, Any]) -> dict[str, str]:
    """The template's tables and secrets, created in moto; logical id → physical name."""
    return cloudformation.provision(template, prefix="test")


@pytest.fixture
def api_environment(
    monkeypatch: pytest.MonkeyPatch,
    template: dict[str, Any],
    resources: dict[str, str],
    members_stub: MembersApiStub,
) -> dict[str, str]:
    """The API function's environment exactly as the template sets it, pointed at the stubs."""
    environment = cloudformation.function_environment(template, "ApiFunction", resources)
    environment["LOBBYKIT_MEMBERS_API_URL"] = members_stub.url
    environment["LOBBYKIT_PUBLIC_URL"] = PUBLIC_URL
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return environment


@pytest.fixture
def verified_senders(aws: None) -> list[str]:
    """Every campaign's sender address, verified in moto's SES as a deployer would."""
    addresses = campaign_senders(CampaignFiles(ROOT / "templates" / "campaigns"))
    verify_senders(boto3.client("sesv2"), addresses)
    return addresses


@pytest.fixture
def atomic_dynamodb(aws: None) -> Iterator[None]:
    """moto's DynamoDB with each request atomic, as real DynamoDB is (see ``local.aws``)."""
    with aws_local.atomic_dynamodb():
        yield
