"""Figure 7: peak RSS after 1,000 mixed requests, in a fresh process (``python -m benchmarks.memory``)."""

import itertools
import subprocess
import sys
from pathlib import Path

from benchmarks.report import Figure

REQUESTS = 1_000


def serve_mixed_requests() -> None:
    from tests.support.api import call_api
    from tests.support.e_action import CAMPAIGN, confirmation_links, supporter
    from tests.support.members_data import INVERNESS, WALES

    from benchmarks.stack import client_ip, in_process_stack

    with in_process_stack():
        # Rounds of 20: 9 lookups, 6 page views, 3 previews, a submission and its confirmation
        # (few submissions: moto copies the whole table for each DynamoDB transaction).
        for n in itertools.islice(itertools.count(), REQUESTS // 20):
            ip = client_ip(n)
            body = supporter(email=f"m{n}@example.com", postcode=WALES)
            for _ in range(9):
                call_api("GET", "/api/mp", query=f"postcode={INVERNESS}", source_ip=ip)
            for _ in range(6):
                call_api("GET", f"/c/{CAMPAIGN}", source_ip=ip)
            for _ in range(3):
                call_api("POST", f"/api/campaigns/{CAMPAIGN}/preview", body=body, source_ip=ip)
            call_api("POST", f"/api/campaigns/{CAMPAIGN}/actions", body=body, source_ip=ip)
            call_api("POST", confirmation_links()[-1], source_ip=ip)


def peak_rss_mb() -> float:
    """This process's peak RSS (``VmHWM``: ``ru_maxrss`` would carry the parent's over ``exec``)."""
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kB


def figures() -> list[Figure]:
    def run(mode: str) -> float:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "benchmarks.memory", mode], capture_output=True, text=True, check=True
        )
        return float(done.stdout.strip().splitlines()[-1])

    baseline, measured = run("idle"), run("serve")
    return [
        Figure(
            f"7. peak RSS after {REQUESTS:,} mixed requests (incl. moto in process)",
            f"{measured:.0f} MB",
            f"{baseline:.0f} MB (boto3 + DynamoDB client)",
            measured / baseline,
            "fits 512 MB",
            measured < 512,
        )
    ]


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve_mixed_requests()
    else:
        import boto3

        boto3.client("dynamodb", region_name="eu-west-2")
    sys.stdout.write(f"{peak_rss_mb()!r}\n")
