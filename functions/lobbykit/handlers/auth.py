"""The organiser check every organiser route shares: ``Depends(organiser)``.

The same check runs locally and behind API Gateway: the local stack stores its printed token's
digest in (embedded) Secrets Manager exactly as ``lobbykit tokens create`` does in AWS.
"""

from aws_lambda_powertools.event_handler.request import Request

from lobbykit.domain.organisers import authorise
from lobbykit.handlers import services


def organiser(request: Request) -> str:
    """The authenticated organiser's token name; raises ``NotAuthorised`` (401) otherwise."""
    return authorise(request.headers.get("authorization"), services.token_store().tokens())
