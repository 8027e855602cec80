"""The functions' AWS clients give up quickly, share a pool big enough for a moment's threads, and
cost a cold start only what they need."""

import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from lobbykit.adapters.social.scheduler import EventBridgeScheduler
from lobbykit.application import wiring
from lobbykit.domain.social.moments import MAX_POSTS, Delivery, ScheduledRun


@pytest.mark.parametrize("client", [wiring.dynamodb_client, wiring.secrets_client])
def test_a_client_times_out_in_seconds_and_pools_a_connection_per_post(client: object) -> None:
    config = client().meta.config  # type: ignore[operator]
    assert config.connect_timeout <= 2
    assert config.read_timeout <= 5
    assert config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert config.max_pool_connections >= MAX_POSTS


def test_the_functions_clients_come_without_importing_boto3() -> None:
    """boto3 adds only resources and S3 transfers, which cost a cold start and serve no function."""
    script = (
        "import sys\n"
        "from lobbykit.application import wiring\n"
        "wiring.dynamodb_client(), wiring.secrets_client(), wiring.aws_client('scheduler')\n"
        "print('boto3' in sys.modules)\n"
    )
    environment = {**os.environ, "AWS_DEFAULT_REGION": "eu-west-2"}
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=True
    )
    assert done.stdout.strip() == "False"


def test_the_scheduler_client_is_made_for_the_first_schedule_not_before(aws: None) -> None:
    made: list[Any] = []

    def client() -> Any:
        made.append(boto3.client("scheduler"))
        return made[-1]

    boto3.client("scheduler").create_schedule_group(Name="moments")
    scheduler = EventBridgeScheduler(client, "moments", "arn:target", "arn:role", "arn:queue")
    assert made == []
    at = datetime(2030, 1, 1, tzinfo=UTC)
    for name in ("first", "second"):
        scheduler.schedule(ScheduledRun(name, at, Delivery("send-in-the-specialists", "0" * 32)))
    assert len(made) == 1
