"""The local stack's SES: every campaign's sender verified, as a deployer does in AWS.

Sender identities are created through the SESv2 API, as in AWS; moto has no verification step
(in AWS the owner clicks a link), so its record is marked verified directly.
"""

import tomllib
from pathlib import Path
from typing import Any

from aws_lambda_powertools import Logger

from lobbykit.local.cloudformation import LOCAL_ACCOUNT_ID, LOCAL_REGION

logger = Logger(service="lobbykit", child=True)

CAMPAIGNS = Path(__file__).resolve().parents[3] / "templates" / "campaigns"


def campaign_senders(campaigns: Path = CAMPAIGNS) -> list[str]:
    """The ``[sender] email`` of every ``<campaigns>/*/campaign.toml``, in slug order."""
    senders = []
    for settings in sorted(campaigns.glob("*/campaign.toml")):
        with settings.open("rb") as file:
            sender = tomllib.load(file).get("sender", {}).get("email")
        if isinstance(sender, str) and sender.strip():
            senders.append(sender.strip())
        else:
            logger.warning("a campaign has no sender email", extra={"campaign": settings.parent.name})
    return senders


def verify_senders(sesv2: Any, addresses: list[str]) -> None:
    """Create each address as an SES identity and mark it verified for sending."""
    existing = {i["IdentityName"] for i in sesv2.list_email_identities().get("EmailIdentities", [])}
    backend = _backend()
    for address in addresses:
        if address not in existing:
            sesv2.create_email_identity(EmailIdentity=address)
        backend.email_identities[address].verified_for_sending_status = True


def _backend() -> Any:
    from moto.ses.models import ses_backends

    return ses_backends[LOCAL_ACCOUNT_ID][LOCAL_REGION]
