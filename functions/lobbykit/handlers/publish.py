"""The publish function: EventBridge Scheduler's target, one run per moment (or retry round).

The event is the schedule's input, ``{"campaign", "moment_id"}`` (plus ``round`` and ``accounts``
for a rate-limit retry). Failures of single posts are recorded, not raised; an exception here
means our own records could not be reached, and a retry of the whole run is safe because
every post is claimed before it is sent.
"""

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from lobbykit.application import wiring
from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.social.moments import Delivery
from lobbykit.domain.social.publishing import PostResult, publish
from lobbykit.observability import metrics, post_result, traced

logger = Logger(service="lobbykit")


@traced
@metrics.log_metrics
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        delivery = Delivery.from_payload(event)
    except InvalidInput:
        logger.error("not a moment delivery: ignored", extra={"keys": sorted(event)})
        return {"ignored": True}
    logger.append_keys(moment_id=delivery.moment_id, round=delivery.round)
    accounts = {account.name: account for account in wiring.account_store().accounts()}
    report = publish(
        delivery,
        store=wiring.moment_store(),
        accounts=accounts,
        networks=wiring.social_networks(),
        scheduler=wiring.scheduler(),
        clock=lambda: datetime.now(UTC),
    )
    for outcome in report.outcomes:
        post_result(accounts[outcome.account].network.value, outcome.result)
    summary: dict[str, list[str]] = {result: report.accounts(result) for result in PostResult}
    logger.info(
        "moment run finished",
        extra={
            **{result: len(names) for result, names in summary.items()},
            "spread_seconds": report.spread_seconds,
            "retry_schedule": report.retry.name if report.retry else None,
            "adapter_errors": sorted({o.error_type for o in report.outcomes if o.error_type}),
        },
    )
    return {**summary, "spread_seconds": report.spread_seconds}
