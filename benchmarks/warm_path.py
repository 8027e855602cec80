"""Figure 2: per-request time of a cached lookup and of a submission, against a bare powertools route."""

import itertools
from typing import Any

from benchmarks.report import Figure
from benchmarks.stack import client_ip, in_process_stack
from benchmarks.timing import interleaved_medians, ms, per_call

REPETITIONS = 5
CALLS = 40
TARGET = 2.0


def figures() -> list[Figure]:
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
    from tests.support.api import call_api, lambda_context
    from tests.support.e_action import CAMPAIGN, supporter
    from tests.support.members_data import INVERNESS

    from lobbykit.local.apigw import http_api_event

    bare = APIGatewayHttpResolver()
    bare.get("/api/mp")(lambda: {"constant": True})
    event = http_api_event("GET", "/api/mp", query="postcode=IV3 5SS")
    numbers = itertools.count()
    context: Any = lambda_context()

    def lookup() -> None:
        answer = call_api("GET", "/api/mp", query=f"postcode={INVERNESS}", source_ip=client_ip(next(numbers)))
        assert answer.status == 200, answer.body

    def submission() -> None:
        n = next(numbers)
        body = supporter(email=f"s{n}@example.com", postcode=INVERNESS)
        answer = call_api("POST", f"/api/campaigns/{CAMPAIGN}/actions", body=body, source_ip=client_ip(n))
        assert answer.status == 202, answer.body

    with in_process_stack():
        from lobbykit.handlers import services

        lookup()  # the Members API answer is cached from here on
        submission()
        medians = interleaved_medians(
            {
                "bare": per_call(lambda: bare.resolve(event, context), CALLS),
                "lookup": per_call(lookup, CALLS),
                "submission": per_call(submission, CALLS // 4),
            },
            REPETITIONS,
        )
        counter, services.hit_counter = services.hit_counter, lambda: None  # type: ignore[assignment]
        try:
            unlimited = interleaved_medians({"lookup": per_call(lookup, CALLS)}, REPETITIONS)["lookup"]
        finally:
            services.hit_counter = counter
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
            "2c. warm GET /api/mp, rate-limit write left out",
            ms(unlimited),
            f"{ms(bare_time)} (bare route)",
            unlimited / bare_time,
            "diagnosis",
            None,
        ),
    ]
