"""Cloudflare Turnstile's siteverify: is this widget token genuine and unused?

One form POST to ``<base>/turnstile/v0/siteverify`` with the secret key, the token and the
supporter's IP address (``remoteip``, sent to Cloudflare only, never stored or logged). An
``idempotency_key`` makes the client's retries of one verification safe: a token is otherwise
good once. Cloudflare's own failures (``internal-error``) and a rejected secret (a deployment
mistake, logged) are an outage for the supporter, answered 503, not a verdict on them.

A token is also checked for where it was solved: siteverify names the site's ``hostname``, which
must be ours. Otherwise a script could solve the widget once on a page of its own that uses our
(public) site key, and spend those tokens here.
"""

import uuid
from collections.abc import Callable

from aws_lambda_powertools import Logger

from lobbykit.adapters.http_json import JsonHttpClient
from lobbykit.domain.errors import UpstreamUnavailable

logger = Logger(service="lobbykit", child=True)

SERVICE_NAME = "Cloudflare's check that you are not a bot"
VERIFY_PATH = "/turnstile/v0/siteverify"
NOT_A_VERDICT = frozenset({"missing-input-secret", "invalid-input-secret", "internal-error", "bad-request"})


class TurnstileVerifier:
    def __init__(self, http: JsonHttpClient, secret: Callable[[], str], hostname: str) -> None:
        """``hostname``: where our pages are served (``LOBBYKIT_PUBLIC_URL``'s host)."""
        self._http = http
        self._secret = secret  # read on first use: campaigns without Turnstile never need it
        self._hostname = hostname.lower()

    def verify(self, token: str, client_ip: str | None) -> bool:
        fields = {"secret": self._secret(), "response": token, "idempotency_key": str(uuid.uuid4())}
        if client_ip:
            fields["remoteip"] = client_ip
        answer = self._http.post_form(VERIFY_PATH, fields).body
        if not isinstance(answer, dict) or not isinstance(answer.get("success"), bool):
            raise UpstreamUnavailable(f"{SERVICE_NAME} gave an answer we could not read. Please try again.")
        codes = {str(code) for code in answer.get("error-codes") or []}
        if not answer["success"] and codes & NOT_A_VERDICT:
            logger.error("turnstile could not verify", extra={"error_codes": sorted(codes)})
            raise UpstreamUnavailable(
                f"{SERVICE_NAME} is not working just now. Nothing you typed has been lost: please try "
                "again in a few minutes."
            )
        if answer["success"] is not True:
            return False
        if str(answer.get("hostname", "")).lower() != self._hostname:
            logger.warning("turnstile token solved on another site")
            return False
        return True
