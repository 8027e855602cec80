"""Secrets Manager values through powertools Parameters, each cached no longer than it may be stale.

Every secret is read with powertools' ``SecretsProvider`` on the one pooled Secrets Manager
client (``wiring.secrets_client``: its timeouts and retries), which keeps each value in the
warm function for the ``max_age`` its reader gives. How stale each may be:

- organiser tokens, 60 s: revoking a token must lock its holder out within a minute, and a
  burst of an organiser's requests still costs one read;
- the Turnstile secret key, 5 minutes: a key replaced in Cloudflare's dashboard (or the
  template's placeholder replaced after a deployment) is used within minutes, for one read in
  five minutes per warm function however many forms are posted;
- the pseudonym key, an hour: it is read for every rate-limited request and never meant to
  change (rate counters and supporters' records are keyed by what it hashes), so one read an
  hour per warm function; a key replaced after all is still picked up without a deployment;
- social accounts' credentials, not cached (0): each is read once per account per run, so a
  cache would save nothing, and the next moment must use the keys an organiser just registered.

powertools' parameters package is imported at the first read, not before: its import (11 to
16 ms measured here, as it brings its SSM, AppConfig and DynamoDB providers too) falls once per
warm function on the first route that reads a secret, never on a cold lookup (which reads none)
nor on routes that only build a store holding a reader.
"""

from functools import cached_property
from typing import TYPE_CHECKING, Any

from lobbykit.domain.errors import UpstreamUnavailable

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

ORGANISER_TOKENS_MAX_AGE = 60
TURNSTILE_SECRET_MAX_AGE = 300
PSEUDONYM_KEY_MAX_AGE = 3600
ACCOUNT_CREDENTIALS_MAX_AGE = 0

UNREADABLE = "We could not read one of our settings just now. Please try again in a few minutes."


class SecretNotFound(UpstreamUnavailable):
    """No secret of that name: the reader decides what that means (no tokens yet; register again)."""


class SecretReader:
    def __init__(self, client: Any) -> None:
        self._client = client

    @cached_property
    def _provider(self) -> "SecretsProvider":
        from aws_lambda_powertools.utilities.parameters import SecretsProvider  # noqa: PLC0415 - cold start

        return SecretsProvider(boto3_client=self._client)

    def secret_string(self, name: str, *, max_age: int) -> str:
        """The secret's text, read at most ``max_age`` seconds ago; ``SecretNotFound`` if there is
        none, ``UpstreamUnavailable`` if Secrets Manager cannot be reached."""
        from aws_lambda_powertools.utilities.parameters import GetParameterError  # noqa: PLC0415 - as above

        try:
            value = self._provider.get(name, max_age=max_age)
        except GetParameterError as error:
            # powertools raises its own error while handling botocore's, which is its context.
            if isinstance(error.__context__, self._client.exceptions.ResourceNotFoundException):
                raise SecretNotFound(UNREADABLE) from None
            raise UpstreamUnavailable(UNREADABLE) from error
        if not isinstance(value, str):  # a SecretBinary: none of ours is stored as one
            raise UpstreamUnavailable(UNREADABLE)
        return value

    def forget(self) -> None:
        """Drop what this reader holds, after writing a secret: the next read is fresh."""
        self._provider.clear_cache()  # type: ignore[no-untyped-call]  # powertools leaves it unannotated
