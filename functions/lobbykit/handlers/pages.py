"""The public action page, ``/c/{campaign}``: server-rendered steps that work without JavaScript.

1. ``GET /c/{campaign}?postcode=...`` finds the MP and shows the letter with room for the
   supporter's own words and the details form;
2. ``POST /c/{campaign}`` with ``step=preview`` shows the exact letter, ``step=edit`` goes back,
   ``step=send`` submits it (the same domain call as the JSON API).
``static/action.js`` makes the same steps happen without reloads.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.application.e_action import EAction, Outcome
from lobbykit.config import required, settings
from lobbykit.domain.actions import AlreadySent, ConfirmationNotSent, Status, TargetUnavailable
from lobbykit.domain.campaigns import Campaign, CampaignNotFound
from lobbykit.domain.errors import InvalidInput, LobbykitError, UpstreamUnavailable
from lobbykit.domain.human_check import TOKEN_FIELD
from lobbykit.domain.limits import LOOKUPS, SUBMISSIONS, SUBMISSIONS_PER_EMAIL, RateLimited
from lobbykit.domain.submission import InvalidSubmission
from lobbykit.handlers.errors import status_for
from lobbykit.handlers.html import outcome, page, queued_page, rate_limited_page, share_links
from lobbykit.handlers.limits import limit_client, limit_email
from lobbykit.handlers.requests import form_body
from lobbykit.observability import submitted

router = APIGatewayHttpRouter()
FORM_FIELDS = ("postcode", "name", "email", "address", "message", "consent_updates", "website")


@router.get("/c/<campaign>")
def action_page(campaign: str) -> Response[str]:
    flow = wiring.e_action()
    postcode = (router.current_event.get_query_string_value("postcode") or "").strip()
    try:
        details = flow.campaign(campaign)
        if postcode:
            limit_client(LOOKUPS, router.current_event.request_context.http.source_ip)
    except CampaignNotFound as error:
        return outcome("Page not found", [error.message], status=404)
    except RateLimited as limited:
        return rate_limited_page(limited)
    return _form(flow, details, {"postcode": postcode}, lookup_postcode=postcode)


@router.post("/c/<campaign>")
def action_step(campaign: str) -> Response[str]:
    flow = wiring.e_action()
    form = form_body(router.current_event)
    values = {field: form.get(field, "") for field in FORM_FIELDS}
    step = form.get("step", "preview")
    client_ip = router.current_event.request_context.http.source_ip
    try:
        details = flow.campaign(campaign)
        if step == "send":
            limit_client(SUBMISSIONS, client_ip)
            limit_email(SUBMISSIONS_PER_EMAIL, values["email"])
        else:
            limit_client(LOOKUPS, client_ip)
    except CampaignNotFound as error:
        return outcome("Page not found", [error.message], status=404)
    except RateLimited as limited:
        return rate_limited_page(limited)
    return _step(flow, details, values, step, Sender(form.get(TOKEN_FIELD, ""), client_ip))


@dataclass(frozen=True, slots=True)
class Sender:
    """Who pressed send: the bot check's token from the form, and their address (for it alone)."""

    token: str
    ip: str


def _step(
    flow: EAction, campaign: Campaign, values: dict[str, str], step: str, sender: Sender
) -> Response[str]:
    """Preview, edit or send; any refusal goes back to the form, next to the field concerned."""
    try:
        if step == "send":
            outcome = flow.submit(campaign.slug, {**values, TOKEN_FIELD: sender.token}, sender.ip)
            submitted(outcome.action.status.value)
            return _sent(flow, campaign, outcome, values)
        if step == "preview":
            preview = flow.preview(campaign.slug, values)
            hidden = {key: value for key, value in values.items() if value}
            return page("preview.html.j2", campaign=campaign, preview=preview, hidden=hidden)
    except InvalidSubmission as error:
        return _form(flow, campaign, values, errors=error.errors, status=400)
    except (InvalidInput, TargetUnavailable, AlreadySent, UpstreamUnavailable, ConfirmationNotSent) as error:
        return _form(flow, campaign, values, errors=[error], status=status_for(error))
    return _form(flow, campaign, values, lookup_postcode=values["postcode"])


def _form(
    flow: EAction,
    campaign: Campaign,
    values: dict[str, Any],
    *,
    lookup_postcode: str = "",
    errors: Sequence[LobbykitError] | None = None,
    status: int = 200,
) -> Response[str]:
    """The action page in its current state: postcode only, or MP found with the letter form."""
    errors = list(errors or [])
    postcode = lookup_postcode or values.get("postcode", "")
    lookup, refusal = None, None
    if postcode and not any(getattr(e, "field", None) == "postcode" for e in errors):
        try:
            lookup = flow.recipient(campaign.slug, postcode)
        except TargetUnavailable as unavailable:
            refusal = unavailable
        except LobbykitError as error:
            errors.insert(0, _on_postcode(error))
            status = max(status, status_for(error))
    context: dict[str, Any] = {"lookup": None}
    if lookup is not None:
        subject, before, after = flow.letter_around_own_words(campaign.slug, lookup)
        context = {"lookup": lookup, "letter_before": before, "letter_after": after, "subject": subject}
        values = {**values, "postcode": str(lookup.postcode)}
    shown = [{"field": getattr(e, "field", None), "message": e.message} for e in errors]
    return page(
        "campaign.html.j2",
        status=status,
        campaign=campaign,
        values={field: values.get(field, "") for field in FORM_FIELDS},
        errors=shown,
        error_for={e["field"]: e["message"] for e in shown if e["field"]},
        refusal=refusal,
        privacy_notice=campaign.privacy_notice(required("LOBBYKIT_BACKUP_DAYS", settings().backup_days)),
        **context,
    )


def _on_postcode(error: LobbykitError) -> InvalidInput:
    """Lookup problems are shown next to the postcode box, where the supporter can act."""
    if isinstance(error, InvalidInput):
        return error
    return InvalidInput(error.message, field="postcode", code=error.code)


def _sent(flow: EAction, campaign: Campaign, result: Outcome, values: dict[str, str]) -> Response[str]:
    action = result.action
    if action.status == Status.SENT:
        thanks = (
            result.thank_you or f"Your letter went to {action.recipient.name}. Thank you for taking part."
        )
        return outcome(
            "Your letter has been sent",
            thanks.split("\n\n"),
            campaign=campaign,
            share=share_links(campaign, flow.campaign_url(campaign.slug)),
        )
    if action.status == Status.CONFIRMED:
        return queued_page(campaign, action.recipient.name, held=False)
    return outcome(
        "Check your email",
        [
            f"We have sent an email to {values['email'].strip()}. Open the link in it and press "
            f"“Send my letter” to send your letter to {action.recipient.name}.",
            "It can take a few minutes to arrive: check your spam or junk folder if you cannot see it. "
            f"The link works for {campaign.confirmation_valid_hours // 24} days.",
            "Your letter is not sent until you confirm it.",
        ],
        status=202,
        campaign=campaign,
    )
