"""Fires due EventBridge Scheduler schedules, which moto stores but never fires.

Every tick (about a second) the loop reads every schedule group's schedules through the
Scheduler API, as any client would. An ENABLED one-time schedule (``at(...)`` in its
``ScheduleExpressionTimezone``) whose time has come is invoked once: its target's ``Input``
(JSON) goes to the function the target ARN names. Afterwards it is deleted when its
``ActionAfterCompletion`` is DELETE, else remembered as done (until it is next modified). A
failure is retried with backoff within the target's ``RetryPolicy``, then sent to its
``DeadLetterConfig`` queue with the attributes AWS adds, if it has one. Recurring (``rate``,
``cron``) schedules are not fired locally. Invocations run one after another on this loop.
"""

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools import Logger

from lobbykit.local.functions import UnknownFunction, outside_functions

logger = Logger(service="lobbykit", child=True)

Invoke = Callable[[str, Any], Any]
Clock = Callable[[], datetime]
MAX_BACKOFF = timedelta(seconds=60)
DEFAULT_RETRY_POLICY = {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86400}


@dataclass
class _Failing:
    attempts: int
    retry_at: datetime


def due_time(schedule: dict[str, Any]) -> datetime | None:
    """When a one-time schedule is due (aware, UTC); None for a recurring one."""
    expression = str(schedule["ScheduleExpression"]).strip()
    if not (expression.startswith("at(") and expression.endswith(")")):
        return None
    zone = ZoneInfo(schedule.get("ScheduleExpressionTimezone") or "UTC")
    return datetime.fromisoformat(expression[3:-1]).replace(tzinfo=zone).astimezone(UTC)


class Scheduler:
    """``run_due()`` fires what is due now; ``start()`` calls it every ``tick`` seconds."""

    def __init__(
        self,
        scheduler_client: Any,
        sqs_client: Any,
        invoke: Invoke,
        clock: Clock = lambda: datetime.now(UTC),
        tick: float = 1.0,
    ) -> None:
        self._scheduler = scheduler_client
        self._sqs = sqs_client
        self._invoke = invoke
        self._clock = clock
        self._tick = tick
        self._done: set[tuple[str, str]] = set()
        self._failing: dict[tuple[str, str], _Failing] = {}
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="local-scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def run_due(self) -> None:
        now = self._clock()
        for schedule in self._schedules():
            key = (schedule["Arn"], str(schedule.get("LastModificationDate")))
            due = due_time(schedule)
            if schedule.get("State") != "ENABLED" or due is None or due > now or key in self._done:
                continue
            failing = self._failing.get(key)
            if failing is None or failing.retry_at <= now:
                self._fire(schedule, key, due, now)

    def _loop(self) -> None:
        while not self._stopping.wait(self._tick):
            try:
                self.run_due()
            except Exception:
                logger.exception(
                    "the local scheduler could not read the schedules", extra=outside_functions()
                )

    def _schedules(self) -> Iterator[dict[str, Any]]:
        groups = self._scheduler.get_paginator("list_schedule_groups").paginate()
        for group in (group for page in groups for group in page["ScheduleGroups"]):
            pages = self._scheduler.get_paginator("list_schedules").paginate(GroupName=group["Name"])
            for summary in (summary for page in pages for summary in page["Schedules"]):
                yield self._scheduler.get_schedule(GroupName=group["Name"], Name=summary["Name"])

    def _fire(self, schedule: dict[str, Any], key: tuple[str, str], due: datetime, now: datetime) -> None:
        target = schedule["Target"]
        name = f"{schedule['GroupName']}/{schedule['Name']}"
        try:
            self._invoke(target["Arn"], json.loads(target.get("Input") or "{}"))
        except Exception as error:
            attempts = self._failing[key].attempts + 1 if key in self._failing else 1
            logger.exception(
                "a scheduled invocation failed", extra=outside_functions(schedule=name, attempt=attempts)
            )
            if self._may_retry(target, error, attempts, (now - due).total_seconds()):
                backoff = min(timedelta(seconds=2 ** (attempts - 1)), MAX_BACKOFF)
                self._failing[key] = _Failing(attempts, now + backoff)
                return
            self._dead_letter(schedule, error, attempts - 1)
        else:
            logger.info("fired a schedule", extra=outside_functions(schedule=name, target=target["Arn"]))
        self._complete(schedule, key)

    @staticmethod
    def _may_retry(target: dict[str, Any], error: Exception, attempts: int, age_seconds: float) -> bool:
        """Within the target's RetryPolicy; never when the target is no function (retrying
        will not make one appear)."""
        policy = DEFAULT_RETRY_POLICY | target.get("RetryPolicy", {})
        return (
            not isinstance(error, UnknownFunction)
            and attempts <= policy["MaximumRetryAttempts"]
            and age_seconds < policy["MaximumEventAgeInSeconds"]
        )

    def _complete(self, schedule: dict[str, Any], key: tuple[str, str]) -> None:
        self._failing.pop(key, None)
        self._done.add(key)
        if schedule.get("ActionAfterCompletion") == "DELETE":
            self._scheduler.delete_schedule(GroupName=schedule["GroupName"], Name=schedule["Name"])

    def _dead_letter(self, schedule: dict[str, Any], error: Exception, retries: int) -> None:
        """What AWS sends to a schedule's dead-letter queue: the input, and why it failed."""
        target = schedule["Target"]
        queue_arn = target.get("DeadLetterConfig", {}).get("Arn")
        if not queue_arn:
            logger.error(
                "a scheduled invocation was dropped", extra=outside_functions(schedule=schedule["Name"])
            )
            return
        account, queue_name = queue_arn.split(":")[4:6]
        queue_url = self._sqs.get_queue_url(QueueName=queue_name, QueueOwnerAWSAccountId=account)["QueueUrl"]
        attributes = {
            "ERROR_CODE": type(error).__name__,
            "ERROR_MESSAGE": str(error)[:1000] or type(error).__name__,
            "RETRY_ATTEMPTS": str(retries),
            "SCHEDULE_ARN": schedule["Arn"],
            "TARGET_ARN": target["Arn"],
        }
        self._sqs.send_message(
            QueueUrl=queue_url,
            MessageBody=target.get("Input") or "{}",
            MessageAttributes={
                name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()
            },
        )
        logger.warning(
            "a scheduled invocation was dead-lettered", extra=outside_functions(schedule=schedule["Name"])
        )
