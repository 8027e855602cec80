"""Cloudflare Turnstile, a campaign setting: verified server-side against a local siteverify."""

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.config import ConfigurationError
from lobbykit.handlers.security import CONTENT_SECURITY_POLICY
from lobbykit.local.outbox import sent_emails
from tests.support import members_data as seats
from tests.support.api import ApiResponse, call_api
from tests.support.e_action import CAMPAIGN, campaign_with, confirmation_links, submit, supporter
from tests.support.metrics import metrics_json, organiser_token
from tests.support.stub_server import StubResponse
from tests.support.turnstile_stub import FAULTS, GOOD_TOKEN, SECRET, TurnstileStub

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
SITE_KEY = "1x00000000000000000000BB"
TOKEN = "cf-turnstile-response"
CLOUDFLARE = "https://challenges.cloudflare.com"


@pytest.fixture(scope="module")
def stub_server() -> Iterator[TurnstileStub]:
    with TurnstileStub() as stub:
        yield stub


@pytest.fixture
def siteverify(stub_server: TurnstileStub, monkeypatch: pytest.MonkeyPatch) -> Iterator[TurnstileStub]:
    stub_server.reset()
    monkeypatch.setenv("LOBBYKIT_TURNSTILE_URL", stub_server.url)
    yield stub_server
    stub_server.reset()


@pytest.fixture
def guarded(
    siteverify: TurnstileStub,
    api_environment: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """A campaign with the bot check on, its secret key where the stack keeps it."""
    secret = api_environment["LOBBYKIT_TURNSTILE_SECRET"]
    boto3.client("secretsmanager").put_secret_value(SecretId=secret, SecretString=SECRET)
    return campaign_with(tmp_path, monkeypatch, "guarded", turnstile=True, turnstile_site_key=SITE_KEY)


def stored(resources: dict[str, str]) -> list[dict[str, object]]:
    return boto3.client("dynamodb").scan(TableName=resources["ActionsTable"])["Items"]


def post_form(campaign: str, fields: dict[str, str]) -> ApiResponse:
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return call_api("POST", f"/c/{campaign}", body=urlencode(fields), headers=headers)


# -- the JSON API ---------------------------------------------------------------------------


def test_a_genuine_token_is_verified_with_the_supporters_address_and_the_letter_goes_ahead(
    guarded: str, siteverify: TurnstileStub
) -> None:
    response = submit(supporter(**{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert response.status == 202, response.body
    assert response.json()["status"] == "awaiting_confirmation"
    [verification] = siteverify.verifications()
    assert verification["secret"] == SECRET
    assert verification["response"] == GOOD_TOKEN
    assert verification["remoteip"] == "198.51.100.7"  # API Gateway's sourceIp
    assert verification["idempotency_key"]
    assert len(confirmation_links()) == 1


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 2049])
def test_a_refused_token_is_explained_and_nothing_is_stored_or_sent(
    guarded: str, resources: dict[str, str], token: str
) -> None:
    response = submit(supporter(**{TOKEN: token}), campaign=guarded)
    assert response.status == 400
    assert response.json()["error"] == "bot_check_failed"
    assert response.json()["message"].startswith("We couldn't confirm you're not a bot.")
    assert stored(resources) == []
    assert sent_emails() == []


def test_a_refusal_is_recorded_only_once_the_check_has_passed(
    guarded: str, siteverify: TurnstileStub, resources: dict[str, str]
) -> None:
    for body in (supporter(postcode=seats.NO_EMAIL), supporter(postcode=seats.NO_EMAIL, **{TOKEN: "forged"})):
        response = submit(body, campaign=guarded)
        assert (response.status, response.json()["error"]) == (400, "bot_check_failed")
    assert stored(resources) == []
    assert metrics_json(organiser_token(), guarded)["refusals"]["total"] == 0

    response = submit(supporter(postcode=seats.NO_EMAIL, **{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert (response.status, response.json()["error"]) == (422, "mp_has_no_email")
    assert [item["reason"]["S"] for item in stored(resources)] == ["mp_has_no_email"]
    assert metrics_json(organiser_token(), guarded)["refusals"]["by_reason"] == [
        {"reason": "mp_has_no_email", "count": 1}
    ]


def test_a_token_solved_on_another_site_is_refused(guarded: str, siteverify: TurnstileStub) -> None:
    siteverify.hostname = "someone-elses-site.example"
    response = submit(supporter(**{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert (response.status, response.json()["error"]) == (400, "bot_check_failed")
    assert sent_emails() == []


def test_a_token_is_good_once(guarded: str) -> None:
    assert submit(supporter(**{TOKEN: GOOD_TOKEN}), campaign=guarded).status == 202
    again = submit(supporter(email="someone.else@example.com", **{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert again.status == 400
    assert again.json()["error"] == "bot_check_failed"


def test_without_a_token_the_message_says_the_check_needs_javascript(
    guarded: str, siteverify: TurnstileStub
) -> None:
    response = submit(supporter(), campaign=guarded)
    assert response.status == 400
    assert "needs JavaScript" in response.json()["message"]
    assert siteverify.requests == []


def test_field_mistakes_are_shown_before_the_token_is_spent(guarded: str, siteverify: TurnstileStub) -> None:
    response = submit(supporter(email="nope", **{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert response.json()["field"] == "email"
    assert siteverify.requests == []


def test_a_siteverify_that_does_not_answer_in_time_is_a_503_and_nothing_is_lost(
    guarded: str, siteverify: TurnstileStub, resources: dict[str, str]
) -> None:
    siteverify.delay = 4.0  # past the 3 s read timeout, twice within the 5 s deadline
    started = time.monotonic()
    response = submit(supporter(**{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert time.monotonic() - started < 7
    assert response.status == 503
    assert response.json()["error"] == "upstream_unavailable"
    assert "Cloudflare" in response.json()["message"]
    assert stored(resources) == []

    siteverify.delay = 0.0
    siteverify.answered.clear()
    siteverify.spent.clear()
    assert submit(supporter(**{TOKEN: GOOD_TOKEN}), campaign=guarded).status == 202


@pytest.mark.parametrize(
    "fault",
    [
        StubResponse(503, {"success": False}),
        StubResponse(200, {"success": False, "error-codes": ["internal-error"]}),
        StubResponse(200, "<html>not json</html>"),
    ],
)
def test_a_siteverify_outage_is_a_503_not_a_verdict_on_the_supporter(
    guarded: str, siteverify: TurnstileStub, fault: StubResponse
) -> None:
    siteverify.fail_next(FAULTS, fault, times=2)
    response = submit(supporter(**{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert response.status == 503
    assert response.json()["error"] == "upstream_unavailable"


def test_a_secret_cloudflare_rejects_is_a_503_for_the_supporter(
    guarded: str, api_environment: dict[str, str]
) -> None:
    boto3.client("secretsmanager").put_secret_value(
        SecretId=api_environment["LOBBYKIT_TURNSTILE_SECRET"], SecretString="not-set"
    )
    response = submit(supporter(**{TOKEN: GOOD_TOKEN}), campaign=guarded)
    assert response.status == 503


# -- the action page ---------------------------------------------------------------------


def test_the_pages_load_the_widget_and_only_they_allow_cloudflare_in_their_policy(guarded: str) -> None:
    page = call_api("GET", f"/c/{guarded}", query=urlencode({"postcode": seats.WALES}))
    policy = page.headers["Content-Security-Policy"]
    assert f"script-src 'self' {CLOUDFLARE};" in policy
    assert f"frame-src {CLOUDFLARE};" in policy
    assert "unsafe" not in policy
    assert f'<script src="{CLOUDFLARE}/turnstile/v0/api.js" async defer></script>' in page.body
    assert "<noscript>" in page.body
    assert "Sending needs JavaScript" in page.body

    fields = {"postcode": seats.WALES, "name": "Jo Bloggs", "email": "jo@example.com", "address": "1 Road"}
    preview = post_form(guarded, {**fields, "step": "preview"})
    assert f'<div class="cf-turnstile" data-sitekey="{SITE_KEY}"' in preview.body
    assert "Sending needs JavaScript" in preview.body

    other = call_api("GET", f"/c/{CAMPAIGN}")
    assert other.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "challenges.cloudflare.com" not in other.body


def test_the_form_sends_with_the_widgets_token_and_keeps_what_was_typed_without_it(guarded: str) -> None:
    fields = {"postcode": seats.WALES, "name": "Jo Bloggs", "email": "jo@example.com", "address": "1 Road"}
    refused = post_form(guarded, {**fields, "step": "send"})
    assert refused.status == 400
    assert "needs JavaScript" in refused.body
    assert 'value="Jo Bloggs"' in refused.body
    assert sent_emails() == []

    sent = post_form(guarded, {**fields, "step": "send", TOKEN: GOOD_TOKEN})
    assert sent.status == 202
    assert "Check your email" in sent.body


# -- off by default ------------------------------------------------------------------------


def test_the_default_campaign_needs_no_token_and_never_calls_cloudflare(siteverify: TurnstileStub) -> None:
    response = submit(supporter())
    assert response.status == 202
    page = call_api("GET", f"/c/{CAMPAIGN}", query=urlencode({"postcode": seats.WALES}))
    assert "cf-turnstile" not in page.body
    assert "Sending needs JavaScript" not in page.body
    assert siteverify.requests == []


@pytest.mark.parametrize("settings", [{"turnstile": True}, {"turnstile": "yes", "turnstile_site_key": "k"}])
def test_turnstile_on_without_a_site_key_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: dict[str, object]
) -> None:
    campaign_with(tmp_path, monkeypatch, "odd", **settings)
    with pytest.raises(ConfigurationError, match="turnstile must be true or false"):
        wiring.campaigns().get("odd")
