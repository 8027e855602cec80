"""Business metrics as CloudWatch embedded metric format (EMF), and opt-in tracing.

EMF metrics are JSON lines in the function's log that CloudWatch turns into metrics: no
PutMetricData call, no IAM grant, no added latency. They are flushed once per invocation by
``metrics.log_metrics`` on each Lambda handler. Dimensions are the service and, for posts, the
network: never anything that could identify a supporter (that would also cost a metric each).

Tracing (X-Ray through powertools Tracer) is off unless ``LOBBYKIT_TRACING`` is true; its
import is paid only then, so everyday cold starts do not carry the X-Ray SDK.
"""

import warnings
from collections.abc import Callable
from functools import cache, wraps
from typing import Any, TypeVar

from aws_lambda_powertools import Metrics, single_metric
from aws_lambda_powertools.metrics import MetricUnit

from lobbykit.config import settings

NAMESPACE = "lobbykit"
SERVICE = "lobbykit"
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
# Most requests (pages, static files) count nothing: that is normal, not worth a warning each.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)

Handler = TypeVar("Handler", bound=Callable[..., Any])


def count(name: str, value: int = 1) -> None:
    """One business event (``LettersSent``, ``Confirmations``, ``Lookups``, ``CacheHits``...)."""
    if value:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def submitted(status: str) -> None:
    """A submitted action: where the campaign skips confirmation, its letter went at once."""
    count("LettersSent", int(status == "sent"))


def post_result(network: str, result: str) -> None:
    """A social post's result by network: published straight away, the metric's own line."""
    name = {"posted": "PostsPublished", "failed": "PostsFailed"}.get(result)
    if name is None:
        return  # rescheduled or skipped: counted when that later run posts or fails
    with single_metric(
        name=name,
        unit=MetricUnit.Count,
        value=1,
        namespace=NAMESPACE,
        default_dimensions={"service": SERVICE},
    ) as metric:
        metric.add_dimension(name="network", value=network)


def traced(handler: Handler) -> Handler:
    """``handler`` under powertools Tracer when tracing is on; decided at the first call."""

    @wraps(handler)
    def run(event: Any, context: Any) -> Any:
        return _tracing(handler)(event, context)

    return run  # type: ignore[return-value]


@cache
def _tracing(handler: Callable[..., Any]) -> Callable[..., Any]:
    if not settings().tracing:
        return handler
    from aws_lambda_powertools import Tracer  # noqa: PLC0415 - cold start, as said above

    wrapped: Callable[..., Any] = Tracer(service=SERVICE).capture_lambda_handler(handler)
    return wrapped
