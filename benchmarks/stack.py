"""The API and publish functions in this process: embedded moto, the template's tables, a Members
API stub with ``dataset``, the campaigns' senders verified; services built afresh."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lobbykit.local.members_stub import MembersApiStub

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def in_process_stack(dataset: dict[str, Any] | None = None) -> Iterator[MembersApiStub]:
    import boto3

    from lobbykit.adapters.campaign_files import CampaignFiles
    from lobbykit.application import wiring
    from lobbykit.local import cloudformation
    from lobbykit.local.aws import embedded_aws
    from lobbykit.local.ses import campaign_senders, verify_senders

    template = cloudformation.load_template()
    with embedded_aws(), MembersApiStub(dataset=dataset) as stub:
        names = cloudformation.provision(template, prefix="bench")
        for function in ("PublishFunction", "ApiFunction"):
            os.environ.update(cloudformation.function_environment(template, function, names))
        os.environ.update(LOBBYKIT_MEMBERS_API_URL=stub.url, LOBBYKIT_PUBLIC_URL="https://write.example.org")
        os.environ["POWERTOOLS_LOG_LEVEL"] = "ERROR"
        verify_senders(
            boto3.client("sesv2"), campaign_senders(CampaignFiles(ROOT / "templates" / "campaigns"))
        )
        wiring.reset()
        try:
            yield stub
        finally:
            wiring.reset()


def client_ip(n: int) -> str:
    """A distinct client per request, so the per-client rate limits never refuse a benchmark."""
    return f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}"
