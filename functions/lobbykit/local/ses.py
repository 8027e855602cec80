"""The local stack's SES: every campaign's sender verified, as a deployer does in AWS.

Sender identities are created through the SESv2 API, as in AWS; moto has no verification step
(in AWS the owner clicks a link), so its record is marked verified directly.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from moto.ses.models import ses_backends

from lobbykit.local.cloudformation import LOCAL_ACCOUNT, LOCAL_REGION

if TYPE_CHECKING:
    from lobbykit.adapters.campaign_files import CampaignFiles


def campaign_senders(campaigns: "CampaignFiles") -> list[str]:
    """Each campaign's sender address (``[sender] email`` in its ``campaign.toml``), once each."""
    return sorted({campaigns.get(slug).sender_email for slug in campaigns.slugs()})


def verify_senders(sesv2: Any, addresses: Iterable[str]) -> None:
    """Create each address as an SES identity and mark it verified for sending."""
    existing = {i["IdentityName"] for i in sesv2.list_email_identities().get("EmailIdentities", [])}
    backend = _backend()
    for address in addresses:
        if address not in existing:
            sesv2.create_email_identity(EmailIdentity=address)
        backend.email_identities[address].verified_for_sending_status = True


def _backend() -> Any:
    return ses_backends[LOCAL_ACCOUNT][LOCAL_REGION]
