"""Figure 2: per-request time of a cached lookup and of a submission, against a bare powertools route.

Both sides get events built beforehand, so the figure is the handler's time alone; each lookup
comes from a new client, as supporters do (a client's lookups are written to the shared rate
count in batches: see ``adapters/batched_hit_counter.py``).
"""

import itertools
from collections.abc import Callable
from typing import Any

from benchmarks.report import Figure
from benchmarks.stack import client_ip, in_process_stack
from benchmarks.timing import interleaved_medians, ms, per_call

REPETITIONS = 7
CALLS = 200  # lookups (and bare calls) a measurement; submissions take far longer
SUBMISSIONS = 10
TARGET = 2.0


def observed(resolver: Any) -> Callable[[Any, Any], Any]:
    """``resolver`` in what the API handler wraps every request in (logging context, an EMF
    metric flushed per request, the security headers): the floor the lookup is measured over."""
    from aws_lambda_powertools import Logger
    from aws_lambda_powertools.logging import correlation_paths

    from lobbykit.handlers.security import with_security_headers
    from lobbykit.observability import count, metrics

    logger = Logger(service="benchmark")

    @metrics.log_metrics
    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    def handler(event: Any, context: Any) -> Any:
        count("Lookups")
        return with_security_headers(resolver.resolve(event, context))

    return handler


def figures() -> list[Figure]:
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
    from tests.support.api import call_api, lambda_context
    from tests.support.e_action import CAMPAIGN, supporter
    from tests.support.members_data import INVERNESS

    from lobbykit.local.apigw import http_api_event

    bare = APIGatewayHttpResolver()
    bare.get("/api/mp")(lambda: {"constant": True})
    observed_bare = observed(bare)
    event = http_api_event("GET", "/api/mp", query="postcode=IV3 5SS")
    numbers = itertools.count()
    context: Any = lambda_context()

    lookups = iter(
        [
            http_api_event("GET", "/api/mp", query=f"postcode={INVERNESS}", source_ip=client_ip(n))
            for n in range(1_000_000, 1_000_000 + REPETITIONS * CALLS + 1)
        ]
    )

    def lookup() -> None:
        from lobbykit.handlers.api import lambda_handler

        answer = lambda_handler(next(lookups), context)
        assert answer["statusCode"] == 200, answer["body"]

    def submission() -> None:
        n = next(numbers)
        body = supporter(email=f"s{n}@example.com", postcode=INVERNESS)
        answer = call_api("POST", f"/api/campaigns/{CAMPAIGN}/actions", body=body, source_ip=client_ip(n))
        assert answer.status == 202, answer.body

    with in_process_stack():
        lookup()  # the Members API answer is cached from here on
        submission()
        medians = interleaved_medians(
            {
                "bare": per_call(lambda: bare.resolve(event, context), CALLS),
                "observed": per_call(lambda: observed_bare(event, context), CALLS),
                "lookup": per_call(lookup, CALLS),
                "submission": per_call(submission, SUBMISSIONS),
            },
            REPETITIONS,
        )
    bare_time = medians["bare"]
    lookup_ratio = medians["lookup"] / bare_time
    return [
        Figure(
            "2a. warm GET /api/mp (cached)",
            ms(medians["lookup"]),
            f"{ms(bare_time)} (bare route)",
            lookup_ratio,
            f"≤ {TARGET}x",
            lookup_ratio <= TARGET,
        ),
        Figure(
            "2b. warm POST .../actions (submission)",
            ms(medians["submission"]),
            f"{ms(bare_time)} (bare route)",
            medians["submission"] / bare_time,
            "reported",
            None,
        ),
        Figure(
            "2c. bare route + our logging, one metric, headers",
            ms(medians["observed"]),
            f"{ms(bare_time)} (bare route)",
            medians["observed"] / bare_time,
            "diagnosis",
            None,
        ),
    ]
