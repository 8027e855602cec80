"""The local stack in-process: the product over HTTP, embedded AWS, the outbox and the token."""

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.domain.organisers import Role, authorise, digest
from lobbykit.handlers.publish import lambda_handler
from lobbykit.local.stack import LocalStack
from tests.support.api import lambda_context
from tests.support.http import request
from tests.support.mastodon_stub import MastodonStub, MastodonUser
from tests.support.members_data import INVERNESS_ANSWER
from tests.support.ses_events import bounce, through_eventbridge
from tests.support.stack_letters import CAMPAIGN, post_ses_event, send_letter_through

SENDER = "letters@sendinthespecialists.example"  # templates/campaigns/send-in-the-specialists
CHOSEN_TOKEN = "lk_chosen-for-the-demo"


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOBBYKIT_ORGANISER_TOKEN", CHOSEN_TOKEN)
        patch.setenv("LOBBYKIT_MEMBERS_API_URL", "http://127.0.0.1:9")  # --offline wins over it
        patch.setenv("AWS_PROFILE", "a-real-account")  # what a developer's shell may hold
        patch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "https://dynamodb.eu-west-2.amazonaws.com")
        with LocalStack(port=0, offline=True) as running:
            yield running


def send_raw(message: EmailMessage) -> None:
    boto3.client("sesv2").send_email(
        FromEmailAddress=SENDER,
        Destination={"ToAddresses": [str(message["To"].addresses[0].addr_spec)]},
        Content={"Raw": {"Data": message.as_bytes()}},
    )


def test_the_mp_lookup_answers_the_contract_json_from_the_bundled_data(stack: LocalStack) -> None:
    answer = request(f"{stack.url}/api/mp?postcode=IV3%205SS")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == INVERNESS_ANSWER


def test_a_raw_letter_sent_through_sesv2_is_in_the_outbox_decoded(stack: LocalStack) -> None:
    message = EmailMessage()
    message["From"] = Address("Siân Jones via SEND in the Specialists", addr_spec=SENDER)
    message["To"] = Address("Mr Angus MacDonald", addr_spec="angus.macdonald.mp@parliament.example")
    message["Reply-To"] = Address("Siân Jones", addr_spec="sian@example.com")
    message["Subject"] = "Please invest in specialists – from a constituent"
    message.set_content("Dear Mr MacDonald,\n\nMy son waited two years.\n", cte="quoted-printable")
    message.add_alternative("<p>Dear Mr MacDonald,</p><p>My son waited two years.</p>", subtype="html")
    send_raw(message)

    outbox = request(f"{stack.url}/_dev/outbox").json()
    assert outbox[-1].pop("headers")["Reply-To"] == "Siân Jones <sian@example.com>"
    assert outbox[-1].pop("message_id")
    assert outbox[-1] == {
        "from": f"Siân Jones via SEND in the Specialists <{SENDER}>",
        "to": ["angus.macdonald.mp@parliament.example"],
        "reply_to": ["sian@example.com"],
        "subject": "Please invest in specialists – from a constituent",
        "text": "Dear Mr MacDonald,\n\nMy son waited two years.\n",
        "html": "<p>Dear Mr MacDonald,</p><p>My son waited two years.</p>\n",
        "configuration_set": None,  # sent here without one, unlike the product's emails
        "tags": {},
    }
    assert stack.outbox()[-1]["subject"] == outbox[-1]["subject"]


def test_the_campaign_sender_is_verified_and_no_other(stack: LocalStack) -> None:
    sesv2 = boto3.client("sesv2")
    assert sesv2.get_email_identity(EmailIdentity=SENDER)["VerifiedForSendingStatus"] is True
    with pytest.raises(sesv2.exceptions.MessageRejected):
        sesv2.send_email(
            FromEmailAddress="someone@elsewhere.example",
            Destination={"ToAddresses": ["mp@parliament.example"]},
            Content={"Simple": {"Subject": {"Data": "x"}, "Body": {"Text": {"Data": "x"}}}},
        )


def test_unknown_routes_are_json_404(stack: LocalStack) -> None:
    answer = request(f"{stack.url}/no/such/page")
    assert answer.status == 404
    assert answer.json()["error"] == "not_found"


def test_an_oversized_body_is_refused_with_413_before_the_function_runs(stack: LocalStack) -> None:
    answer = request(f"{stack.url}/api/campaigns/x/actions", "POST", b"x" * (1024 * 1024 + 1))
    assert answer.status == 413
    body = answer.json()
    assert body["error"] == "payload_too_large"
    assert "1 MB" in body["message"]


def test_the_chosen_organiser_token_is_stored_as_an_admins_digest_and_authorises(stack: LocalStack) -> None:
    assert stack.token == CHOSEN_TOKEN
    secret = boto3.client("secretsmanager").get_secret_value(SecretId="local-OrganiserTokensSecret")
    stored = json.loads(secret["SecretString"])["tokens"]
    assert [(t["name"], t["digest"], t["role"]) for t in stored] == [("local", digest(CHOSEN_TOKEN), "admin")]
    assert CHOSEN_TOKEN not in secret["SecretString"]
    wiring.reset()
    organiser = authorise(f"Bearer {CHOSEN_TOKEN}", wiring.token_store().tokens(), wiring.now())
    assert (organiser.name, organiser.role) == ("local", Role.ADMIN)


def test_links_in_emails_point_at_the_local_stack(stack: LocalStack) -> None:
    assert os.environ["LOBBYKIT_PUBLIC_URL"] == stack.url
    assert stack.url.startswith("http://127.0.0.1:")


def test_offline_lookups_go_to_the_bundled_stub_whatever_the_environment_says(stack: LocalStack) -> None:
    assert stack.members_api_url.startswith("http://127.0.0.1:")
    assert stack.members_api_url != "http://127.0.0.1:9"


def test_no_aws_profile_or_endpoint_can_redirect_calls(stack: LocalStack) -> None:
    assert os.environ["AWS_CONFIG_FILE"] == os.devnull
    assert os.environ["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
    assert not [name for name in os.environ if name.startswith("AWS_ENDPOINT_URL") or name == "AWS_PROFILE"]
    assert "local-CacheTable" in boto3.client("dynamodb").list_tables()["TableNames"]


def test_the_stack_starts_with_two_recording_accounts(stack: LocalStack) -> None:
    answer = request(f"{stack.url}/api/accounts", headers={"Authorization": f"Bearer {stack.token}"})
    assert answer.status == 200
    names = {(account["name"], account["network"]) for account in answer.json()}
    assert {("recorder-a", "recording"), ("recorder-b", "recording")} <= names


def test_a_moment_for_the_recording_accounts_appears_at_dev_posts(stack: LocalStack) -> None:
    at = (datetime.now(UTC) + timedelta(minutes=2)).isoformat(timespec="seconds")
    posts = [
        {"account": "recorder-a", "text": "Children with SEND need specialists. #SENDInTheSpecialists"},
        {
            "account": "recorder-b",
            "text": "Our members see the waits every day: invest in the workforce. #SENDInTheSpecialists",
        },
    ]
    answer = request(
        f"{stack.url}/api/campaigns/send-in-the-specialists/moments",
        method="POST",
        body=json.dumps({"at": at, "posts": posts}).encode(),
        headers={"Authorization": f"Bearer {stack.token}", "Content-Type": "application/json"},
    )
    assert answer.status == 201, answer.body
    moment_id = answer.json()["moment_id"]
    # What the scheduler does when the time comes (it fires the same handler by ARN).
    lambda_handler(
        {"campaign": "send-in-the-specialists", "moment_id": moment_id}, lambda_context("publish", 60)
    )
    recorded = request(f"{stack.url}/_dev/posts").json()
    # The accounts post concurrently: either may be recorded first.
    assert sorted((p["account"], p["text"]) for p in recorded[-2:]) == sorted(
        (p["account"], p["text"]) for p in posts
    )
    assert all(p["posted_at"] for p in recorded)


@pytest.mark.parametrize(
    ("instance_url", "status"),
    [
        (None, 201),
        ("http://mastodon.example", 400),
        ("http://localhost:1", 400),
        ("http://127.0.0.1.example", 400),
    ],
)
def test_only_the_local_stack_may_register_an_account_at_a_stand_in_over_http(
    stack: LocalStack, instance_url: str | None, status: int
) -> None:
    with MastodonStub() as mastodon:
        user = mastodon.add(MastodonUser("standin", "standin-token"))
        answer = request(
            f"{stack.url}/api/accounts",
            method="POST",
            body=json.dumps(
                {"name": "standin", "network": "mastodon", **user.credentials(instance_url or mastodon.url)}
            ).encode(),
            headers={"Authorization": f"Bearer {stack.token}", "Content-Type": "application/json"},
        )
    assert answer.status == status, answer.body
    if status == 400:
        assert answer.json()["field"] == "instance_url"


def test_an_ses_bounce_posted_to_dev_ses_events_reaches_the_mail_events_function(stack: LocalStack) -> None:
    letter = send_letter_through(stack, "sam.roe@example.com")
    assert letter["configuration_set"] == "local-MailConfigurationSet"

    answer = post_ses_event(stack, bounce(letter))
    assert (answer.status, answer.json()) == (200, {"outcome": "letter_not_delivered"})
    metrics = request(
        f"{stack.url}/api/campaigns/{CAMPAIGN}/metrics", headers={"Authorization": f"Bearer {stack.token}"}
    ).json()
    assert metrics["not_delivered"] == 1
    # The whole EventBridge event is taken too: the same bounce again changes nothing more.
    again = post_ses_event(stack, through_eventbridge(bounce(letter)))
    assert (again.status, again.json()) == (200, {"outcome": "ignored"})


def test_dev_ses_events_refuses_what_is_not_an_ses_event(stack: LocalStack) -> None:
    not_json = post_ses_event(stack, b"a bounce")
    assert (not_json.status, not_json.json()["error"]) == (400, "invalid_json")
    no_mail = post_ses_event(stack, {"eventType": "Bounce", "bounce": {}})
    assert (no_mail.status, no_mail.json()["error"]) == (400, "invalid_mail_event")
    assert "mail.messageId" in no_mail.json()["message"]
