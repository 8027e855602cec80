"""Abuse controls a real person understands: rate limits, the honeypot, security headers."""

from typing import Any
from urllib.parse import urlencode

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.domain.limits import CONFIRMATION_PAGES, CONFIRMATIONS, LOOKUPS, SUBMISSIONS_PER_EMAIL
from lobbykit.handlers.security import SECURITY_HEADERS
from lobbykit.local.outbox import sent_emails
from tests.support.api import call_api
from tests.support.e_action import CAMPAIGN, supporter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
CLIENT = "203.0.113.9"


def lookup(source_ip: str = CLIENT) -> int:
    return call_api("GET", "/api/mp", query="postcode=IV3%205SS", source_ip=source_ip).status


def test_lookups_are_limited_per_client_with_a_retry_after_and_a_plain_message() -> None:
    assert all(lookup() == 200 for _ in range(LOOKUPS.max_hits))
    refused = call_api("GET", "/api/mp", query="postcode=IV3%205SS", source_ip=CLIENT)
    assert refused.status == 429
    assert refused.json()["error"] == "rate_limited"
    assert "Please wait a few minutes" in refused.json()["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= LOOKUPS.window_seconds
    assert lookup(source_ip="203.0.113.10") == 200  # a different client is unaffected


def test_the_page_shows_a_rate_limit_as_a_page() -> None:
    for _ in range(LOOKUPS.max_hits):
        call_api("GET", f"/c/{CAMPAIGN}", query="postcode=IV3+5SS", source_ip=CLIENT)
    page = call_api("GET", f"/c/{CAMPAIGN}", query="postcode=IV3+5SS", source_ip=CLIENT)
    assert page.status == 429
    assert "Please wait a little" in page.body
    assert "Retry-After" in page.headers


def test_submissions_are_limited_per_email_across_clients() -> None:
    emails = []
    for attempt in range(SUBMISSIONS_PER_EMAIL.max_hits + 1):
        response = call_api(
            "POST",
            f"/api/campaigns/{CAMPAIGN}/actions",
            body=supporter(message=f"attempt {attempt}"),
            source_ip=f"192.0.2.{attempt}",
        )
        emails.append(response.status)
    assert emails[-1] == 429
    assert emails[:-1] == [202] * SUBMISSIONS_PER_EMAIL.max_hits


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_confirmation_links_are_limited_per_client_before_the_token_is_looked_up(method: str) -> None:
    guess = "/confirm/" + "g" * 43  # as long as a real token
    limit = CONFIRMATION_PAGES if method == "GET" else CONFIRMATIONS
    assert all(call_api(method, guess, source_ip=CLIENT).status == 404 for _ in range(limit.max_hits))
    queries: list[str] = []
    wiring.dynamodb_client().meta.events.register(
        "provide-client-params.dynamodb.Query", lambda params, **_: queries.append(params["IndexName"])
    )
    refused = call_api(method, guess, source_ip=CLIENT)
    assert refused.status == 429
    assert refused.headers["Content-Type"].startswith("text/html")
    assert 0 < int(refused.headers["Retry-After"]) <= limit.window_seconds
    assert queries == []
    assert call_api(method, guess, source_ip="203.0.113.10").status == 404  # another client is unaffected


def test_client_addresses_and_emails_are_never_stored_in_the_clear(resources: dict[str, str]) -> None:
    lookup()
    call_api("POST", f"/api/campaigns/{CAMPAIGN}/actions", body=supporter(), source_ip=CLIENT)
    items = boto3.client("dynamodb").scan(TableName=resources["CacheTable"])["Items"]
    stored = str(items)
    assert "rate#" in stored
    assert CLIENT not in stored
    assert "jo.bloggs" not in stored


def test_a_missing_counter_table_does_not_take_the_form_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOBBYKIT_CACHE_TABLE", "no-such-table")
    assert all(lookup() == 200 for _ in range(LOOKUPS.max_hits + 2))


def test_a_filled_honeypot_on_the_page_sends_nothing() -> None:
    body = urlencode(
        {
            "postcode": "CF10 1EP",
            "name": "Bot",
            "email": "bot@example.com",
            "address": "1 Road",
            "website": "x",
            "step": "send",
        }
    )
    page = call_api(
        "POST", f"/c/{CAMPAIGN}", body=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert page.status == 400
    assert "automatic submission" in page.body
    assert sent_emails() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/c/{CAMPAIGN}"),
        ("GET", "/api/mp"),
        ("GET", "/nowhere"),
        ("POST", "/confirm/bad"),
        ("GET", "/static/site.css"),
    ],
)
def test_every_response_carries_the_security_headers(method: str, path: str) -> None:
    response = call_api(method, path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_a_first_lookup_writes_no_rate_counter_and_a_batch_writes_one(resources: dict[str, str]) -> None:
    def counters() -> list[dict[str, Any]]:
        items = boto3.client("dynamodb").scan(TableName=resources["CacheTable"])["Items"]
        return [item for item in items if item["pk"]["S"].startswith("rate#")]

    lookup()
    assert counters() == []
    for _ in range(LOOKUPS.batch - 1):
        lookup()
    [counter] = counters()
    assert counter["hits"]["N"] == str(LOOKUPS.batch)


def test_another_instance_adds_its_hits_to_the_shared_count() -> None:
    for _ in range(LOOKUPS.max_hits - LOOKUPS.batch):
        lookup()
    wiring.reset()  # a second warm instance: it knows only what the shared count says
    allowed = sum(lookup() == 200 for _ in range(LOOKUPS.max_hits))
    assert LOOKUPS.batch <= allowed <= 2 * LOOKUPS.batch - 1
