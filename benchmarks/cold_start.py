"""Figure 1: cold starts of the API and publish functions, in fresh processes, against moto's server."""

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.importtime import write_importtime
from benchmarks.moto_server import moto_server
from benchmarks.report import Figure
from benchmarks.timing import interleaved_medians, ms

ROOT = Path(__file__).resolve().parents[1]
REPETITIONS = 9
TARGET = 1.5


def figures() -> list[Figure]:
    from lobbykit.local import cloudformation
    from lobbykit.local.members_stub import MembersApiStub

    template = cloudformation.load_template()
    with moto_server() as endpoint, MembersApiStub() as stub:
        names = cloudformation.provision(template, prefix="bench")
        extra = {"AWS_ENDPOINT_URL": endpoint, "LOBBYKIT_MEMBERS_API_URL": stub.url}
        extra["LOBBYKIT_PUBLIC_URL"] = "https://write.example.org"
        api = {**cloudformation.function_environment(template, "ApiFunction", names), **extra}
        publish = {**cloudformation.function_environment(template, "PublishFunction", names), **extra}
        child(api, "api", 0)  # warms the DynamoDB cache: every measured lookup finds it there
        rounds = iter(range(1, 10_000))
        medians = interleaved_medians(
            {
                "baseline": lambda: child(api, "baseline", next(rounds)),
                "api": lambda: child(api, "api", next(rounds)),
                "publish": lambda: child(publish, "publish", next(rounds)),
            },
            REPETITIONS,
        )
        if stub.total_calls != 2:
            raise RuntimeError(f"the cache was not warm: {stub.total_calls} Members API calls")
        write_importtime("api", run(api, "api", 9_000, "-X", "importtime").stderr)
        write_importtime("publish", run(publish, "publish", 9_001, "-X", "importtime").stderr)
    baseline = medians["baseline"]
    return [
        _figure("1a. cold start, API: import + first GET /api/mp", medians["api"], baseline),
        _figure("1b. cold start, publish: import + a run with 0 due posts", medians["publish"], baseline),
    ]


def _figure(name: str, measured: float, baseline: float) -> Figure:
    ratio = measured / baseline
    return Figure(
        name,
        ms(measured),
        f"{ms(baseline)} (import boto3 + DynamoDB client)",
        ratio,
        f"≤ {TARGET}x",
        ratio <= TARGET,
    )


def child(environment: dict[str, str], kind: str, round_: int) -> float:
    """One cold start in a fresh interpreter; returns its own measurement in seconds."""
    return float(run(environment, kind, round_).stdout.strip().splitlines()[-1])


def run(
    environment: dict[str, str], kind: str, round_: int, *flags: str
) -> "subprocess.CompletedProcess[str]":
    source_ip = f"198.51.{round_ // 250}.{round_ % 250 + 1}"  # a new client each time: no rate limit
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, *flags, "-m", "benchmarks.cold_child", kind, source_ip],
        env={**os.environ, **environment},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {kind} failed:\n{done.stdout}\n{done.stderr}")
    return done
