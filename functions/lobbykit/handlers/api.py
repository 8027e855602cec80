"""The API function: one powertools resolver, one router per file, errors mapped in one place.

The resolver runs without ``enable_validation``: that would import pydantic (the largest part
of a cold start, measured with ``python -X importtime``) to check what the domain checks anyway,
with messages written for supporters rather than for developers.
"""

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from lobbykit.handlers import (
    accounts,
    actions,
    confirm,
    errors,
    metrics,
    moments,
    mp,
    organiser,
    pages,
    static,
    supporters,
)
from lobbykit.handlers.security import with_security_headers
from lobbykit.observability import metrics as emf
from lobbykit.observability import traced

logger = Logger(service="lobbykit")

app = APIGatewayHttpResolver()
app.include_router(mp.router)
app.include_router(actions.router)
app.include_router(confirm.router)
app.include_router(static.router)
app.include_router(pages.router)
app.include_router(supporters.router)
app.include_router(accounts.router)
app.include_router(moments.router)
app.include_router(metrics.router)
app.include_router(organiser.router)
errors.register(app)


@traced
@emf.log_metrics
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return with_security_headers(app.resolve(event, context))
