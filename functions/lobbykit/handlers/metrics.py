"""``GET /api/campaigns/{campaign}/metrics``: a campaign's numbers for organisers (JSON, or CSV).

The token is checked before the campaign is looked up, so without one nothing is said, not even
whether a campaign exists.
"""

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.application.metrics import CSV_TYPE, constituencies_csv, csv_filename, present_metrics
from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.metrics import CampaignMetrics
from lobbykit.handlers import auth

router = APIGatewayHttpRouter()
PRIVATE = {"Cache-Control": "no-store"}
FORMATS = ("json", "csv")


@router.get("/api/campaigns/<campaign>/metrics")
def campaign_metrics(campaign: str, organiser: auth.NeedsViewer) -> Response[Any]:
    """``?format=csv`` gives the by-constituency table as a file; ``json`` (the default) everything."""
    export = router.current_event.get_query_string_value("format") or "json"
    if export not in FORMATS:
        raise InvalidInput("Ask for format=json (the default) or format=csv.", field="format")
    metrics = wiring.metrics().of(campaign)
    if export == "csv":
        return csv_download(metrics)
    return Response(200, content_types.APPLICATION_JSON, present_metrics(metrics), headers=PRIVATE)


def csv_download(metrics: CampaignMetrics) -> Response[str]:
    """The by-constituency table as a file to save (the organiser page links to the same)."""
    disposition = f'attachment; filename="{csv_filename(metrics.campaign)}"'
    return Response(
        200, CSV_TYPE, constituencies_csv(metrics), headers={**PRIVATE, "Content-Disposition": disposition}
    )
