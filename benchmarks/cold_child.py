"""One cold start, run as ``python -m benchmarks.cold_child KIND SOURCE_IP`` in a fresh process.

Imports nothing (not moto, not the tests) before the clock starts but what Lambda's runtime
would hand the function: the event and the context are made first, for every kind alike (the
baseline too, so the standard modules they bring are the same on both sides of the ratio).
Prints the seconds from the handler's first import to its answer. ``baseline`` only imports
boto3 and creates a DynamoDB client.
"""

import sys
import time
from typing import TYPE_CHECKING, Any, cast

from lobbykit.local.apigw import http_api_event
from lobbykit.local.lambda_context import LocalLambdaContext

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext


def main(kind: str, source_ip: str) -> float:
    event: dict[str, Any] = http_api_event("GET", "/api/mp", query="postcode=IV3 5SS", source_ip=source_ip)
    context = cast("LambdaContext", LocalLambdaContext(kind, f"arn:{kind}", 60))
    if kind == "publish":
        # A delivery for a moment with nothing due: the function's fixed cost.
        event = {"campaign": "send-in-the-specialists", "moment_id": "0" * 32}
    start = time.perf_counter()
    if kind == "baseline":
        import boto3

        boto3.client("dynamodb")
    elif kind == "api":
        from lobbykit.handlers.api import lambda_handler

        answer = lambda_handler(event, context)
        if answer["statusCode"] != 200:
            raise SystemExit(f"GET /api/mp answered {answer['statusCode']}: {answer.get('body')}")
    elif kind == "publish":
        from lobbykit.handlers.publish import lambda_handler as publish

        publish(event, context)
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.stdout.write(f"{main(sys.argv[1], sys.argv[2])!r}\n")
