"""A coalition for the social tests: network stubs, registered accounts, and the functions' calls."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

from lobbykit.adapters.social.recording import recorded_posts
from lobbykit.application import wiring
from lobbykit.domain.organisers import Role, create_token
from lobbykit.handlers.publish import lambda_handler
from tests.support.api import ApiResponse, call_api, lambda_context
from tests.support.bluesky_stub import BlueskyStub, BlueskyUser
from tests.support.mastodon_stub import MastodonStub, MastodonUser
from tests.support.x_stub import XStub, x_user

CAMPAIGN = "send-in-the-specialists"
MOMENTS = f"/api/campaigns/{CAMPAIGN}/moments"


@dataclass
class NetworkStubs:
    x: XStub
    bluesky: BlueskyStub
    mastodon: MastodonStub

    def reset(self) -> None:
        for stub in (self.x, self.bluesky, self.mastodon):
            stub.reset()
        self.mastodon.max_characters = 500

    def posts_of(self, network: str, who: str) -> list[str]:
        stub = {"x": self.x, "bluesky": self.bluesky, "mastodon": self.mastodon}[network]
        return stub.posts_by(who)


@dataclass
class Coalition:
    """An organiser (with a token) registering accounts and scheduling moments through the API."""

    stubs: NetworkStubs
    table: str
    token: str = ""
    secrets_seen: list[str] = field(default_factory=list)
    remote_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def call(self, method: str, path: str, body: Any = None) -> ApiResponse:
        return call_api(method, path, body=body, headers=self.headers())

    def register(
        self, name: str, network: str, variables: dict[str, str] | None = None, **fields: str
    ) -> ApiResponse:
        """Register through the API; ``fields`` are the credentials, ``variables`` the account's own."""
        self.secrets_seen.extend(
            v for k, v in fields.items() if k not in {"handle", "pds_url", "instance_url"}
        )
        body = {"name": name, "network": network, **fields, "variables": variables or {}}
        return self.call("POST", "/api/accounts", body)

    def x_account(self, name: str, **variables: str) -> ApiResponse:
        user = self.stubs.x.add(x_user(name.replace("-", "_")))
        self.remote_names[name] = ("x", user.username)
        return self.register(name, "x", variables, **user.credentials())

    def bluesky_account(self, name: str, **variables: str) -> ApiResponse:
        user = self.stubs.bluesky.add(BlueskyUser(f"{name}.bsky.social", f"pw-{name}-abcd-efgh"))
        self.remote_names[name] = ("bluesky", user.handle)
        return self.register(name, "bluesky", variables, **user.credentials(self.stubs.bluesky.url))

    def mastodon_account(self, name: str, **variables: str) -> ApiResponse:
        user = self.stubs.mastodon.add(MastodonUser(name, f"masto-token-{name}-0123456789"))
        self.remote_names[name] = ("mastodon", user.username)
        return self.register(name, "mastodon", variables, **user.credentials(self.stubs.mastodon.url))

    def recording_account(self, name: str, **variables: str) -> ApiResponse:
        self.remote_names[name] = ("recording", name)
        return self.register(name, "recording", variables)

    def posts_of(self, account: str) -> list[str]:
        """What ``account`` has posted on its network (or recorded)."""
        network, who = self.remote_names[account]
        if network == "recording":
            return [
                p["text"] for p in recorded_posts(boto3.client("dynamodb"), self.table) if p["account"] == who
            ]
        return self.stubs.posts_of(network, who)

    def schedule(self, posts: list[dict[str, Any]], at: datetime | None = None) -> ApiResponse:
        when = at or datetime.now(UTC) + timedelta(minutes=10)
        return self.call("POST", MOMENTS, {"at": when.isoformat(), "posts": posts})

    def moment(self, moment_id: str) -> dict[str, Any]:
        response = self.call("GET", f"{MOMENTS}/{moment_id}")
        assert response.status == 200, response.body
        loaded: dict[str, Any] = response.json()
        return loaded


def invoke_publish(payload: dict[str, Any]) -> dict[str, Any]:
    """Run the publish function as EventBridge Scheduler would, with the schedule's input."""

    result: dict[str, Any] = lambda_handler(payload, lambda_context("PublishFunction", timeout=60))
    return result


def schedules(group: str) -> list[dict[str, Any]]:
    client = boto3.client("scheduler")
    names = [s["Name"] for s in client.list_schedules(GroupName=group)["Schedules"]]
    return [client.get_schedule(Name=name, GroupName=group) for name in names]


def schedule_input(schedule: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schedule["Target"]["Input"])
    return loaded


def organiser_token() -> str:
    return create_token(wiring.token_store(), "organiser", Role.ORGANISER, datetime.now(UTC))


def distinct_texts() -> Iterator[str]:
    """Posts written in each organisation's own words (the similarity check must pass them)."""
    openings = [
        "Speech and language therapists change lives",
        "Every child with SEND deserves an educational psychologist",
        "Occupational therapy helps children join in at school",
        "Physiotherapists keep disabled children moving and learning",
        "Families wait far too long for specialist support",
        "Our members see the workforce gap every single day",
        "Early intervention saves money and futures",
        "Teachers cannot do it alone without specialists",
        "Parents tell us assessments take years, not weeks",
        "Investing in specialists now repays the nation many times",
        "A named therapist for every child who needs one",
        "Long-term workforce planning is overdue for SEND",
        "Specialist staff shortages hit rural areas hardest",
        "We back the coalition letter to ministers today",
        "Children thrive when expert help comes early",
        "Sensory impairment services are stretched to breaking",
        "Training places for specialists must grow this year",
        "Listen to young people about the support they need",
        "Our therapists are proud to stand with 125 organisations",
        "The SEND improvement plan must fund its workforce",
        "Audiologists and vision specialists are part of the answer",
        "Carers deserve a system that works with them",
    ]
    yield from (f"{opening}. {{{{ hashtag }}}} {{{{ campaign_url }}}}" for opening in openings)
