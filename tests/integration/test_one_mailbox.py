"""One mailbox is one supporter: spelling an address another way makes no second letter.

Uniqueness (one letter per supporter per MP) and the per-email limit key on the canonical mailbox
(``domain.mailbox``), kept only as a keyed hash with the stack's pseudonym key.
"""

import hashlib
import hmac

import boto3
import pytest

from lobbykit.domain.limits import SUBMISSIONS_PER_EMAIL
from tests.support.api import call_api
from tests.support.e_action import CAMPAIGN, MP_EMAIL, confirmation_links, emails_to, submit, supporter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")


def send(email: str) -> None:
    assert submit(supporter(email=email)).status == 202
    assert call_api("POST", confirmation_links()[-1]).status == 200


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("alex@example.org", "alex+again@example.org"),
        ("alex@example.org", "ALEX@Example.org"),
        ("alex+first@example.org", "Alex@EXAMPLE.ORG"),
        ("alex@gmail.com", "a.lex@gmail.com"),
        ("a.l.e.x@googlemail.com", "ALEX+mp@gmail.com"),
    ],
)
def test_another_spelling_of_the_same_mailbox_makes_no_second_letter(first: str, again: str) -> None:
    send(first)
    second = submit(supporter(email=again, message="A second go."))
    assert second.status == 409
    assert second.json()["error"] == "already_sent"
    assert len(emails_to(MP_EMAIL)) == 1


def test_a_pending_letter_is_the_same_letter_whatever_the_spelling() -> None:
    first = submit(supporter(email="alex@gmail.com"))
    second = submit(supporter(email="A.Lex+2@googlemail.com"))
    assert first.json()["action_id"] == second.json()["action_id"]
    assert len(confirmation_links()) == 1


def test_different_mailboxes_still_write_separately() -> None:
    send("alex@example.org")
    send("a.lex@example.org")  # outside Gmail, dots make another mailbox
    assert len(emails_to(MP_EMAIL)) == 2


def test_the_per_email_limit_counts_the_mailbox_however_it_is_spelt() -> None:
    spellings = [f"Alex+{n}@Example.org" for n in range(SUBMISSIONS_PER_EMAIL.max_hits)]
    statuses = [
        call_api(
            "POST",
            f"/api/campaigns/{CAMPAIGN}/actions",
            body=supporter(email=email),
            source_ip=f"192.0.2.{n}",
        ).status
        for n, email in enumerate([*spellings, "alex@example.org"])
    ]
    assert statuses == [202] * SUBMISSIONS_PER_EMAIL.max_hits + [429]


def test_the_mailbox_is_stored_only_as_a_hash_keyed_with_the_pseudonym_key(
    resources: dict[str, str], api_environment: dict[str, str]
) -> None:
    send("Alex+x@example.org")
    secret = api_environment["LOBBYKIT_PSEUDONYM_KEY_SECRET"]
    key = boto3.client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"].encode()
    keyed = hmac.new(key, b"alex@example.org", hashlib.sha256).hexdigest()[:32]
    items = boto3.client("dynamodb").scan(TableName=resources["ActionsTable"])["Items"]
    [unique] = [item["pk"]["S"] for item in items if item["pk"]["S"].startswith("unique#")]
    assert unique == f"unique#{CAMPAIGN}#99105#{keyed}"
    [action] = [item for item in items if item["pk"]["S"].startswith("action#")]
    assert action["supporter_key"]["S"] == keyed
    stored = str(items)
    for typed in ("alex@example.org", "Alex+x@example.org"):
        for digest in (hashlib.sha256, hashlib.sha1, hashlib.md5):
            assert digest(typed.encode()).hexdigest()[:16] not in stored
        for prefix in (f"{CAMPAIGN}\n99105\n", ""):
            assert hashlib.sha256(f"{prefix}{typed}".lower().encode()).hexdigest() not in stored
