"""Helpers for driving the e-action through the API function as a supporter would."""

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest

from lobbykit.adapters.dynamo_items import from_item
from lobbykit.application import wiring
from lobbykit.domain.mail import Mailer, MailUnavailable, OutgoingEmail
from lobbykit.local.outbox import sent_emails
from tests.conftest import ROOT
from tests.support import members_data as seats
from tests.support.api import ApiResponse, call_api

CAMPAIGN = "send-in-the-specialists"
SENDER = "letters@sendinthespecialists.example"
MP_EMAIL = "stephen.doughty.mp@parliament.example"  # the MP where ``supporter()`` lives


def supporter(**overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Jo Bloggs",
        "email": "jo.bloggs@example.com",
        "postcode": seats.WALES,
        "address": "1 Test Street\nPenarth",
        "message": "My son waited two years for speech and language therapy.",
        "consent_updates": False,
    }
    body.update(overrides)
    return body


def submit(body: Any, campaign: str = CAMPAIGN) -> ApiResponse:
    return call_api("POST", f"/api/campaigns/{campaign}/actions", body=body)


def confirmation_links() -> list[str]:
    return [
        match
        for email in sent_emails()
        if email["subject"].startswith("Please confirm")
        for match in re.findall(r"https://write\.example\.org(/confirm/[A-Za-z0-9_-]+)", email["text"])
    ]


def emails_to(address: str) -> list[dict[str, Any]]:
    return [email for email in sent_emails() if address in email["to"]]


def action_item(table: str, action_id: str) -> dict[str, Any]:
    item = boto3.client("dynamodb").get_item(TableName=table, Key={"pk": {"S": f"action#{action_id}"}})[
        "Item"
    ]

    return from_item(item)


def campaign_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slug: str, **settings: Any) -> str:
    """A copy of the campaign as ``slug`` with these top-level settings, which the services read."""

    shutil.copytree(ROOT / "templates", tmp_path, dirs_exist_ok=True)
    folder = tmp_path / "campaigns" / slug
    shutil.copytree(tmp_path / "campaigns" / CAMPAIGN, folder)
    file = folder / "campaign.toml"
    kept = [line for line in file.read_text().splitlines() if line.split("=")[0].strip() not in settings]
    changed = [f"{name} = {json.dumps(value)}" for name, value in settings.items()]
    file.write_text("\n".join(changed + kept) + "\n")
    monkeypatch.setenv("LOBBYKIT_TEMPLATES_DIR", str(tmp_path))
    wiring.reset()
    return slug


@dataclass
class FlakySes:
    """SES refusing letters to the MP while ``down`` (raising ``error``); the supporter's own
    emails still go through the real (moto) SES."""

    real: Mailer
    down: bool = True
    error: Exception = field(
        default_factory=lambda: MailUnavailable(
            "SES could not take the message now (TooManyRequestsException)"
        )
    )

    def send(self, email: OutgoingEmail) -> str:
        if self.down and email.to[0].address == MP_EMAIL:
            raise self.error
        return self.real.send(email)


def flaky_ses(monkeypatch: pytest.MonkeyPatch, **settings: Any) -> FlakySes:
    """Put a ``FlakySes`` in front of the services' mailer, for every use from now on."""
    flaky = FlakySes(wiring.mailer(), **settings)
    monkeypatch.setattr(wiring, "mailer", lambda: flaky)
    wiring.e_action.cache_clear()
    return flaky
