"""A DynamoDB client whose answers a unit test gives (``botocore.stub.Stubber``): the answers moto
never gives (conflicts, unprocessed items), each one checked to have been asked for."""

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber


@pytest.fixture
def client() -> Any:
    return boto3.client("dynamodb", region_name="eu-west-2")


@pytest.fixture
def stub(client: Any) -> Iterator[Stubber]:
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()
