"""An optional check that a submission comes from a person's browser (Cloudflare Turnstile).

Off unless a campaign turns it on (``turnstile = true``): the honeypot and the rate limits stop
simple scripts, and this stops better ones, at the price of needing JavaScript. The widget on
the page puts a one-use token in the form field ``cf-turnstile-response``; the submission is
accepted only once Cloudflare's siteverify has confirmed that token, checked last, after every
field, so a supporter with a typo does not spend their token on it. No puzzle is ever shown:
the widget is invisible, or managed (at most a checkbox).
"""

from typing import Any, Protocol

from lobbykit.domain.errors import InvalidInput

TOKEN_FIELD = "cf-turnstile-response"  # noqa: S105 - a form field's name
MAX_TOKEN = 2048  # Cloudflare's own limit on a token's length


class NotConfirmedHuman(InvalidInput):
    code = "bot_check_failed"


MISSING = (
    "We couldn't confirm you're not a bot: this campaign's check needs JavaScript, which seems to "
    "be turned off or blocked. Please turn JavaScript on, or try another browser, then send your "
    "letter again. Nothing you typed has been sent."
)
REFUSED = (
    "We couldn't confirm you're not a bot. Please press send again; if it keeps happening, try "
    "another browser or connection. Nothing you typed has been sent."
)


class HumanCheck(Protocol):
    def verify(self, token: str, client_ip: str | None) -> bool:
        """Whether the token is genuine and unused; raises ``UpstreamUnavailable`` on an outage."""
        ...


def check_human(check: HumanCheck, body: Any, client_ip: str | None) -> None:
    """Raises ``NotConfirmedHuman`` unless ``body`` carries a token the check confirms."""
    token = body.get(TOKEN_FIELD) if isinstance(body, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise NotConfirmedHuman(MISSING)
    if len(token) > MAX_TOKEN or not check.verify(token, client_ip):
        raise NotConfirmedHuman(REFUSED)
