"""One-time EventBridge Scheduler runs of the publish function.

- ``at(yyyy-mm-ddThh:mm:ss)`` in UTC (``ScheduleExpressionTimezone``), so summer time cannot
  shift a moment; the domain has already turned the organiser's offset into UTC.
- Flexible time window OFF: the point of a moment is that every account posts at that instant.
- Retries for 15 minutes at most, then the dead-letter queue: a delivery later than that is no
  longer the moment, and the organiser sees the posts still ``scheduled``.
- Deleted after completion: one-time schedules would otherwise pile up in the group.
"""

import contextlib
import json
from collections.abc import Callable
from functools import cached_property
from typing import Any

from lobbykit.adapters.social.aws import unavailable_as
from lobbykit.domain.social.moments import ScheduledRun

RETRY_POLICY = {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 900}


class EventBridgeScheduler:
    """``client`` makes the Scheduler client when it is first needed: the publish function
    needs one only for a rate-limited retry, and a client costs a cold start its service model."""

    def __init__(
        self, client: Callable[[], Any], group: str, target_arn: str, role_arn: str, dead_letter_arn: str
    ) -> None:
        self._make_client = client
        self._group = group
        self._target_arn = target_arn
        self._role_arn = role_arn
        self._dead_letter_arn = dead_letter_arn

    @cached_property
    def _client(self) -> Any:
        return self._make_client()

    def schedule(self, run: ScheduledRun) -> None:
        with unavailable_as("EventBridge Scheduler"):
            self._client.create_schedule(
                Name=run.name,
                GroupName=self._group,
                Description=f"lobbykit moment {run.delivery.moment_id} of {run.delivery.campaign}",
                ScheduleExpression=f"at({run.at:%Y-%m-%dT%H:%M:%S})",
                ScheduleExpressionTimezone="UTC",
                FlexibleTimeWindow={"Mode": "OFF"},
                ActionAfterCompletion="DELETE",
                Target={
                    "Arn": self._target_arn,
                    "RoleArn": self._role_arn,
                    "Input": json.dumps(run.delivery.payload()),
                    "RetryPolicy": RETRY_POLICY,
                    "DeadLetterConfig": {"Arn": self._dead_letter_arn},
                },
            )

    def cancel(self, name: str) -> None:
        # A schedule already run (and deleted after completion), or never created: nothing to do.
        missing = self._client.exceptions.ResourceNotFoundException
        with unavailable_as("EventBridge Scheduler"), contextlib.suppress(missing):
            self._client.delete_schedule(Name=name, GroupName=self._group)
