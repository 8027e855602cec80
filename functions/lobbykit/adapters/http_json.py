"""A small JSON-over-HTTP client for outside services a person is waiting on.

Every call has a deadline (connect and read timeouts bounded by what is left of it), a bounded
number of attempts with exponential backoff on connection errors, timeouts, 429 and 5xx, and
turns every failure into ``UpstreamUnavailable``. Bodies are parsed as JSON whatever the
Content-Type says: Parliament's APIs sometimes answer ``text/plain``.
"""

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from lobbykit.domain.errors import UpstreamUnavailable

if TYPE_CHECKING:
    import urllib3

logger = Logger(service="lobbykit", child=True)

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    """How patient to be with one upstream. Defaults suit a person waiting on a web page."""

    connect_timeout: float = 2.0
    read_timeout: float = 4.0
    deadline: float = 8.0
    attempts: int = 3
    backoff: float = 0.25
    max_retry_after: float = 2.0


@dataclass(frozen=True, slots=True)
class JsonResponse:
    status: int
    body: Any


class JsonHttpClient:
    """GETs (or POSTs a form for) JSON from one base URL; ``service`` names the upstream in
    messages and logs."""

    def __init__(
        self,
        base_url: str,
        service: str,
        policy: HttpPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._service = service
        self._policy = policy or HttpPolicy()
        self._sleep = sleep
        self._clock = clock
        self._pool: urllib3.PoolManager | None = None
        self.calls = 0

    def _connections(self) -> "urllib3.PoolManager":
        """The connection pool, built on the first call: urllib3 costs a cold start about as much
        as boto3's client does, and a lookup answered from the cache never calls out."""
        if self._pool is None:
            import urllib3  # noqa: PLC0415 - cold start, as said above

            self._pool = urllib3.PoolManager(retries=False, headers={"Accept": "application/json"})
        return self._pool

    def get(self, path: str, params: Mapping[str, str | int | bool] | None = None) -> JsonResponse:
        """GET ``path``; 2xx and 4xx answers are returned, everything else raises.

        4xx other than 429 is the upstream's considered answer (not found, bad request), so it
        is returned for the caller to interpret rather than retried.
        """
        return self._request("GET", path, params)

    def post_form(self, path: str, fields: Mapping[str, str]) -> JsonResponse:
        """POST ``fields`` form-encoded, answered as ``get`` is: only for calls safe to repeat."""
        return self._request("POST", path, fields)

    def _request(self, method: str, path: str, params: Mapping[str, str | int | bool] | None) -> JsonResponse:
        policy = self._policy
        started = self._clock()
        url = self._base_url + path
        fields = {key: _query_value(value) for key, value in (params or {}).items()}
        reason = "no attempt was made"
        form_encoding: dict[str, Any] = {"encode_multipart": False} if method == "POST" else {}  # urlencoded
        pool = self._connections()
        import urllib3  # noqa: PLC0415 - loaded by _connections already: its exceptions, below

        for attempt in range(1, policy.attempts + 1):
            remaining = policy.deadline - (self._clock() - started)
            if remaining <= 0:
                break
            try:
                self.calls += 1
                response = pool.request(
                    method,
                    url,
                    fields=fields,
                    timeout=urllib3.Timeout(
                        connect=min(policy.connect_timeout, remaining),
                        read=min(policy.read_timeout, remaining),
                    ),
                    preload_content=True,
                    **form_encoding,
                )
            except urllib3.exceptions.HTTPError as error:
                reason = type(error).__name__
                wait = self._backoff(attempt)
            else:
                if response.status not in RETRYABLE_STATUSES:
                    return JsonResponse(response.status, self._parse(response))
                reason = f"HTTP {response.status}"
                retry_after = (
                    self._retry_after(response) if response.status == 429 else self._backoff(attempt)
                )
                if retry_after is None:
                    break
                wait = retry_after
            logger.warning(
                "upstream call failed",
                extra={"upstream": self._service, "attempt": attempt, "reason": reason},
            )
            if attempt < policy.attempts and self._clock() - started + wait < policy.deadline:
                self._sleep(wait)
            else:
                break
        raise UpstreamUnavailable(
            f"We could not reach {self._service} just now ({reason}). Please try again in a few minutes."
        )

    def _backoff(self, attempt: int) -> float:
        base: float = self._policy.backoff * 2.0 ** (attempt - 1)
        return base + random.uniform(0, base / 2)  # noqa: S311 - jitter, not security

    def _retry_after(self, response: "urllib3.BaseHTTPResponse") -> float | None:
        """Honour a short Retry-After; a long one means give up now rather than keep a person waiting."""
        header: str | None = response.headers.get("Retry-After")
        if header is None:
            return self._policy.backoff
        try:
            seconds = float(header)
        except ValueError:
            return None
        return seconds if seconds <= self._policy.max_retry_after else None

    def _parse(self, response: "urllib3.BaseHTTPResponse") -> Any:
        if not response.data:
            return None
        try:
            return json.loads(response.data)
        except ValueError as error:
            if response.status >= 400:
                return None
            raise UpstreamUnavailable(
                f"{self._service} sent an answer we could not read. Please try again in a few minutes."
            ) from error


def _query_value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
