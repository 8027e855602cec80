"""HTML responses: pages rendered from ``templates/pages/`` in the shared design."""

from typing import Any
from urllib.parse import quote, urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.shared.cookies import Cookie

from lobbykit.application import wiring
from lobbykit.domain.campaigns import Campaign
from lobbykit.domain.limits import RateLimited
from lobbykit.handlers.security import content_security_policy

HTML = "text/html; charset=utf-8"


def page(
    template: str, status: int = 200, cookies: list[Cookie] | None = None, **context: Any
) -> Response[str]:
    campaign = context.setdefault("campaign", None)
    body = wiring.renderer().render(f"pages/{template}", context)
    headers = {"Cache-Control": "no-store"}
    if campaign is not None and campaign.turnstile_site_key is not None:
        headers["Content-Security-Policy"] = content_security_policy(turnstile=True)
    return Response(status_code=status, content_type=HTML, body=body, headers=headers, cookies=cookies)


def redirect(location: str, cookies: list[Cookie] | None = None) -> Response[str]:
    """303 See Other: after a form's POST the browser GETs ``location``, so a refresh never re-posts."""
    headers = {"Location": location, "Cache-Control": "no-store"}
    return Response(status_code=303, content_type=HTML, body="", headers=headers, cookies=cookies)


def outcome(
    title: str, paragraphs: list[str], status: int = 200, campaign: Campaign | None = None, **context: Any
) -> Response[str]:
    """A page that says what happened and what to do next."""
    return page(
        "outcome.html.j2", status=status, title=title, paragraphs=paragraphs, campaign=campaign, **context
    )


def queued_page(campaign: Campaign, recipient: str, held: bool) -> Response[str]:
    """A confirmed letter that has not gone yet: held back by its MP's hourly cap (``held``, when
    this request knows it), deferred by SES, or being sent by another request just now."""
    why = (
        [
            f"So many people are writing to {recipient} this hour that we are spacing the letters "
            "out, so that each one is read."
        ]
        if held
        else []
    )
    return outcome(
        "Your letter is confirmed",
        [
            f"Thank you. Your letter is confirmed and will be sent to {recipient} shortly.",
            *why,
            "You do not need to do anything else. We will email you a copy once it has gone.",
        ],
        status=202,
        campaign=campaign,
    )


def rate_limited_page(limited: RateLimited) -> Response[str]:
    response = outcome("Please wait a little", [limited.message], status=429)
    response.headers["Retry-After"] = str(limited.retry_after)
    return response


def share_links(campaign: Campaign, page_url: str) -> list[dict[str, str]]:
    """Links that prefill a post or message with the campaign's share text and page."""
    text = campaign.share_text
    with_url = f"{text} {page_url}"
    return [
        {
            "service": "X",
            "label": "Share on X",
            "href": "https://x.com/intent/post?" + urlencode({"text": text, "url": page_url}),
        },
        {
            "service": "Bluesky",
            "label": "Share on Bluesky",
            "href": "https://bsky.app/intent/compose?" + urlencode({"text": with_url}),
        },
        {
            "service": "Facebook",
            "label": "Share on Facebook",
            # Facebook drops prefilled text; its share dialog takes one hashtag on its own.
            "href": "https://www.facebook.com/sharer/sharer.php?"
            + urlencode({"u": page_url, "hashtag": campaign.hashtag}),
        },
        {
            "service": "WhatsApp",
            "label": "Share on WhatsApp",
            "href": "https://wa.me/?" + urlencode({"text": with_url}),
        },
        {
            "service": "your email",
            "label": "Share by email",
            "href": f"mailto:?subject={quote(campaign.title)}&body={quote(with_url)}",
        },
    ]
