"""The confirmation link from the supporter's email.

``GET`` shows the letter and a button and changes nothing: mail scanners and link previews open
links. Only ``POST`` (the button) sends, and a second ``POST`` sends nothing more.
"""

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.application.e_action import EAction
from lobbykit.domain.actions import Action, ConfirmationLinkExpired, ConfirmationLinkInvalid, Status
from lobbykit.domain.limits import CONFIRMATION_PAGES, CONFIRMATIONS, Limit, RateLimited
from lobbykit.handlers.html import outcome, page, queued_page, rate_limited_page, share_links
from lobbykit.handlers.limits import limit_client
from lobbykit.observability import count

router = APIGatewayHttpRouter()


@router.get("/confirm/<token>")
def show_letter(token: str) -> Response[str]:
    if (refused := _over(CONFIRMATION_PAGES)) is not None:
        return refused
    flow = wiring.e_action()
    action = _pending(flow, token)
    if isinstance(action, Response):
        return action
    if action.status != Status.AWAITING_CONFIRMATION:
        return _already(flow, action)
    return page("confirm.html.j2", campaign=flow.campaign(action.campaign), action=action, token=token)


@router.post("/confirm/<token>")
def send_letter(token: str) -> Response[str]:
    if (refused := _over(CONFIRMATIONS)) is not None:
        return refused
    flow = wiring.e_action()
    action = _pending(flow, token)
    if isinstance(action, Response):
        return action
    result = flow.confirm_found(action)
    if result.held:
        count("LettersHeld")
        return queued_page(flow.campaign(action.campaign), action.recipient.name, held=True)
    if not result.sent_now:
        failed_now = action.status == Status.AWAITING_CONFIRMATION and result.action.status == Status.FAILED
        count("LettersFailed", int(failed_now))
        return _already(flow, result.action)
    count("Confirmations")
    count("LettersSent")
    campaign = flow.campaign(action.campaign)
    return outcome(
        "Your letter has been sent",
        result.thank_you.split("\n\n"),
        campaign=campaign,
        share=share_links(campaign, flow.campaign_url(campaign.slug)),
    )


def _over(limit: Limit) -> Response[str] | None:
    """The page saying so if this client is over ``limit``. Counted before the token is looked
    up, so guessing tokens costs a script its limit, not us a query."""
    try:
        limit_client(limit, router.current_event.request_context.http.source_ip)
    except RateLimited as limited:
        return rate_limited_page(limited)
    return None


def _pending(flow: EAction, token: str) -> Action | Response[str]:
    """The action a token belongs to, or the page that explains why there is none."""
    try:
        return flow.pending(token)
    except ConfirmationLinkInvalid as error:
        return outcome("This link does not work", [error.message], status=404)
    except ConfirmationLinkExpired as error:
        return outcome("This link has expired", [error.message], status=410)


def _already(flow: EAction, action: Action) -> Response[str]:
    campaign = flow.campaign(action.campaign)
    name = action.recipient.name
    if action.status == Status.SENT:
        return outcome(
            "Your letter has already been sent",
            [f"Your letter went to {name}. We have not sent it again.", "Thank you for taking part."],
            campaign=campaign,
            share=share_links(campaign, flow.campaign_url(campaign.slug)),
        )
    if action.status in (Status.FAILED, Status.NOT_DELIVERED):
        refused = (
            f"The email system would not accept the letter for {name}, so it has not been sent."
            if action.status == Status.FAILED
            else f"We sent your letter, but {name}'s email system refused it, so it did not arrive."
        )
        return outcome(
            "We could not deliver your letter",
            [
                refused,
                f"You can still post it to {name} at the House of Commons, London SW1A 0AA.",
            ],
            status=422,
            campaign=campaign,
        )
    return queued_page(campaign, name, held=False)
