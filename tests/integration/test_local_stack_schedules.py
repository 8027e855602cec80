"""Schedules the product creates in the local stack fire the template's function by its ARN."""

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import yaml

from lobbykit.local.stack import LocalStack
from tests.support import scheduled
from tests.support.templates import with_scheduled_function


def test_a_due_schedule_created_through_the_api_fires_its_function(
    template: dict[str, Any], tmp_path: Path
) -> None:
    extended = tmp_path / "template.yaml"
    extended.write_text(yaml.safe_dump(with_scheduled_function(template)))
    scheduled.received.clear()
    with LocalStack(port=0, offline=True, template=extended):
        target = os.environ["LOBBYKIT_TICK_FUNCTION_ARN"]  # what !GetAtt TickFunction.Arn gave the API
        assert os.environ["TICK_QUEUE"].endswith("/local-TickDeadLetters")  # the other function's environment
        soon = datetime.now(UTC) - timedelta(seconds=1)
        boto3.client("scheduler").create_schedule(
            Name="moment-1",
            GroupName=os.environ["LOBBYKIT_MOMENTS_GROUP"],
            ScheduleExpression=f"at({soon:%Y-%m-%dT%H:%M:%S})",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={
                "Arn": target,
                "RoleArn": "arn:aws:iam::123456789012:role/local-SchedulerRole",
                "Input": json.dumps({"moment_id": "m-1"}),
            },
            ActionAfterCompletion="DELETE",
        )
        deadline = time.monotonic() + 10
        while not scheduled.received and time.monotonic() < deadline:
            time.sleep(0.1)
    [(event, context)] = scheduled.received
    assert event == {"moment_id": "m-1"}
    assert context.invoked_function_arn == target
    scheduled.received.clear()
