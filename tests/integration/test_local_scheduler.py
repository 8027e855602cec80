"""The local stack's scheduler fires due one-time schedules that moto only stores."""

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from lobbykit.local import cloudformation
from lobbykit.local.functions import LocalFunctions
from lobbykit.local.scheduler import Scheduler, due_time
from tests.support import scheduled
from tests.support.templates import with_scheduled_function

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def extended(template: dict[str, Any]) -> dict[str, Any]:
    return with_scheduled_function(template)


@pytest.fixture
def names(aws: None, extended: dict[str, Any]) -> dict[str, str]:
    return cloudformation.provision(extended, prefix="local")


@pytest.fixture
def functions(extended: dict[str, Any], names: dict[str, str]) -> LocalFunctions:
    return LocalFunctions(extended, names)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def scheduler(functions: LocalFunctions, clock: Clock) -> Iterator[Scheduler]:
    scheduled.received.clear()
    yield Scheduler(boto3.client("scheduler"), boto3.client("sqs"), functions.invoke, clock=clock)
    scheduled.received.clear()


def create(
    names: dict[str, str],
    functions: LocalFunctions,
    name: str = "moment-1",
    at: str = "2026-11-29T09:00:00",
    payload: Any = None,
    **options: Any,
) -> None:
    target = {
        "Arn": functions.arn("TickFunction"),
        "RoleArn": "arn:aws:iam::123456789012:role/local-SchedulerRole",
        "Input": json.dumps(payload if payload is not None else {"moment_id": name}),
        **options.pop("target", {}),
    }
    boto3.client("scheduler").create_schedule(
        Name=name,
        GroupName=names["Moments"],
        ScheduleExpression=f"at({at})",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target=target,
        **options,
    )


def schedule_names(names: dict[str, str]) -> list[str]:
    listed = boto3.client("scheduler").list_schedules(GroupName=names["Moments"])["Schedules"]
    return [s["Name"] for s in listed]


def test_a_due_schedule_invokes_its_function_with_its_input_then_is_deleted(
    scheduler: Scheduler, names: dict[str, str], functions: LocalFunctions
) -> None:
    create(names, functions, ActionAfterCompletion="DELETE")
    scheduler.run_due()
    [(event, context)] = scheduled.received
    assert event == {"moment_id": "moment-1"}
    assert context.function_name == "local-TickFunction"
    assert context.get_remaining_time_in_millis() > 29_000
    assert schedule_names(names) == []


def test_a_schedule_not_yet_due_waits(
    scheduler: Scheduler, names: dict[str, str], functions: LocalFunctions, clock: Clock
) -> None:
    create(names, functions, at="2026-11-29T09:00:05")
    scheduler.run_due()
    assert scheduled.received == []
    clock.now += timedelta(seconds=5)
    scheduler.run_due()
    assert len(scheduled.received) == 1


def test_the_schedules_own_timezone_is_used(
    scheduler: Scheduler, names: dict[str, str], functions: LocalFunctions, clock: Clock
) -> None:
    clock.now = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # 09:00 in London (BST)
    create(names, functions, at="2026-07-01T09:00:00", ScheduleExpressionTimezone="Europe/London")
    create(names, functions, name="moment-2", at="2026-07-01T09:00:00")
    scheduler.run_due()
    assert [event["moment_id"] for event, _ in scheduled.received] == ["moment-1"]


def test_a_completed_schedule_that_is_kept_never_fires_twice(
    scheduler: Scheduler, names: dict[str, str], functions: LocalFunctions
) -> None:
    create(names, functions, ActionAfterCompletion="NONE")
    scheduler.run_due()
    scheduler.run_due()
    assert len(scheduled.received) == 1
    assert schedule_names(names) == ["moment-1"]


def test_a_disabled_schedule_does_not_fire(
    scheduler: Scheduler, names: dict[str, str], functions: LocalFunctions
) -> None:
    create(names, functions, State="DISABLED")
    scheduler.run_due()
    assert scheduled.received == []


def test_schedules_in_the_default_group_fire_too(scheduler: Scheduler, functions: LocalFunctions) -> None:
    boto3.client("scheduler").create_schedule(
        Name="plain",
        ScheduleExpression="at(2026-11-29T08:59:00)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": functions.arn("TickFunction"), "RoleArn": "arn:aws:iam::123456789012:role/r"},
    )
    scheduler.run_due()
    assert [event for event, _ in scheduled.received] == [{}]


def test_recurring_schedules_are_not_fired_locally(
    scheduler: Scheduler, names: dict[str, str], functions: LocalFunctions
) -> None:
    assert due_time({"ScheduleExpression": "rate(5 minutes)"}) is None
    create(names, functions)
    boto3.client("scheduler").update_schedule(
        Name="moment-1",
        GroupName=names["Moments"],
        ScheduleExpression="rate(1 minute)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": functions.arn("TickFunction"), "RoleArn": "arn:aws:iam::123456789012:role/r"},
    )
    scheduler.run_due()
    assert scheduled.received == []


def test_a_failure_is_retried_with_backoff_then_dead_lettered(
    scheduler: Scheduler,
    extended: dict[str, Any],
    names: dict[str, str],
    functions: LocalFunctions,
    clock: Clock,
) -> None:
    queue = boto3.client("sqs").get_queue_url(QueueName=names["TickDeadLetters"])["QueueUrl"]
    create(
        names,
        functions,
        payload={"fail": True},
        ActionAfterCompletion="DELETE",
        target={
            "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 3600},
            "DeadLetterConfig": {"Arn": cloudformation.arn(extended, "TickDeadLetters", names)},
        },
    )
    scheduler.run_due()
    scheduler.run_due()  # the retry is not due yet
    assert len(scheduled.received) == 1
    for _ in range(2):
        clock.now += timedelta(seconds=2)
        scheduler.run_due()
    assert len(scheduled.received) == 3
    [message] = boto3.client("sqs").receive_message(QueueUrl=queue, MessageAttributeNames=["All"])["Messages"]
    assert json.loads(message["Body"]) == {"fail": True}
    attributes = {name: value["StringValue"] for name, value in message["MessageAttributes"].items()}
    assert attributes["ERROR_CODE"] == "RuntimeError"
    assert attributes["RETRY_ATTEMPTS"] == "2"
    assert attributes["TARGET_ARN"] == functions.arn("TickFunction")
    assert schedule_names(names) == []
    clock.now += timedelta(minutes=5)
    scheduler.run_due()
    assert len(scheduled.received) == 3


def test_a_target_that_is_no_local_function_is_dropped_without_retries(
    scheduler: Scheduler, names: dict[str, str], functions: LocalFunctions
) -> None:
    create(names, functions, target={"Arn": "arn:aws:lambda:eu-west-2:123456789012:function:elsewhere"})
    scheduler.run_due()
    scheduler.run_due()
    assert scheduled.received == []


def test_the_loop_fires_on_its_own_and_stops(functions: LocalFunctions, names: dict[str, str]) -> None:
    scheduled.received.clear()
    loop = Scheduler(boto3.client("scheduler"), boto3.client("sqs"), functions.invoke, tick=0.05)
    create(names, functions, at=(datetime.now(UTC) - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S"))
    loop.start()
    deadline = time.monotonic() + 5
    while not scheduled.received and time.monotonic() < deadline:
        time.sleep(0.05)
    loop.stop()
    assert len(scheduled.received) == 1
