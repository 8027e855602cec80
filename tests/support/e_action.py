"""Helpers for driving the e-action through the API function as a supporter would."""

import re
from typing import Any

import boto3

from lobbykit.local.outbox import sent_emails
from tests.support import members_data as seats
from tests.support.api import ApiResponse, call_api

CAMPAIGN = "send-in-the-specialists"
SENDER = "letters@sendinthespecialists.example"


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
    from lobbykit.adapters.dynamo_items import from_item

    return from_item(item)
