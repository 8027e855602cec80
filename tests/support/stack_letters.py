"""Letters sent through a running local stack over HTTP, as a supporter's browser would send them."""

import json
import re
from typing import Any

from lobbykit.local.stack import LocalStack
from tests.support.http import request

CAMPAIGN = "send-in-the-specialists"


def sent_for(stack: LocalStack, action_id: str, kind: str) -> dict[str, Any]:
    """The one email of ``kind`` sent for the action, as the outbox shows it (found by its tags)."""
    tags = {"kind": kind, "campaign": CAMPAIGN, "action": action_id}
    [email] = [e for e in stack.outbox() if e["tags"] == tags]
    return email


def send_letter_through(stack: LocalStack, email: str, postcode: str = "IV3 5SS") -> dict[str, Any]:
    """Submit a letter (by default to the bundled data's Inverness MP) and confirm it from its
    email's link; returns the letter to the MP as the outbox shows it."""
    letter = {
        "name": "Jo Bloggs",
        "email": email,
        "postcode": postcode,
        "address": "1 Test Street\nInverness",
        "message": "My daughter waited 18 months for speech and language therapy.",
    }
    submitted = request(
        f"{stack.url}/api/campaigns/{CAMPAIGN}/actions",
        "POST",
        json.dumps(letter).encode(),
        {"Content-Type": "application/json"},
    )
    assert submitted.status == 202, submitted.body
    action_id = str(submitted.json()["action_id"])
    [link] = re.findall(r"/confirm/[A-Za-z0-9_-]+", sent_for(stack, action_id, "confirmation")["text"])
    assert request(f"{stack.url}{link}", "POST").status == 200
    return sent_for(stack, action_id, "letter")


def post_ses_event(stack: LocalStack, event: object) -> Any:
    """``POST /_dev/ses/events`` with ``event`` as JSON (bytes are sent as they are)."""
    body = event if isinstance(event, bytes) else json.dumps(event).encode()
    return request(f"{stack.url}/_dev/ses/events", "POST", body, {"Content-Type": "application/json"})
