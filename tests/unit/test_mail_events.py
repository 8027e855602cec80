"""SES's events, read as the SES Developer Guide shapes them, into what the product acts on."""

from datetime import UTC, datetime
from typing import Any

import pytest

from lobbykit.domain.mail import MailKind, MailTags
from lobbykit.domain.mail_events import InvalidMailEvent, MailEventType, parse_mail_event
from tests.support.ses_events import bounce, complaint, delivery

LETTER = {
    "from": "Jo Bloggs <letters@sendinthespecialists.example>",
    "to": ["stephen.doughty.mp@parliament.example"],
    "message_id": "0100018c-0000-4000-8000-000000000001-000000",
    "configuration_set": "lobbykit-MailConfigurationSet-ABC",
    "tags": {"kind": "letter", "campaign": "send-in-the-specialists", "action": "a1b2"},
}
TAGS = MailTags(MailKind.LETTER, "send-in-the-specialists", "a1b2")


def test_a_permanent_bounce() -> None:
    event = parse_mail_event(bounce(LETTER))
    assert event.type == MailEventType.BOUNCE
    assert event.permanent is True
    assert event.message_id == LETTER["message_id"]
    assert event.tags == TAGS
    assert event.recipients == ("stephen.doughty.mp@parliament.example",)
    assert event.reason == "General: smtp; 550 5.1.1 user unknown"
    assert event.at == datetime(2026, 11, 29, 10, 0, 5, tzinfo=UTC)


def test_a_transient_bounce_is_not_permanent() -> None:
    event = parse_mail_event(bounce(LETTER, kind="Transient", subtype="MailboxFull"))
    assert (event.type, event.permanent) == (MailEventType.BOUNCE, False)
    assert event.reason == "MailboxFull: smtp; 452 4.2.2 mailbox full"


def test_an_undetermined_bounce_is_not_acted_on_as_permanent() -> None:
    raw = bounce(LETTER)
    raw["bounce"]["bounceType"] = "Undetermined"
    assert parse_mail_event(raw).permanent is False


def test_a_complaint_is_always_acted_on() -> None:
    event = parse_mail_event(complaint({**LETTER, "tags": {**LETTER["tags"], "kind": "copy"}}))
    assert (event.type, event.permanent) == (MailEventType.COMPLAINT, True)
    assert event.tags == MailTags(MailKind.COPY, "send-in-the-specialists", "a1b2")
    assert event.recipients == ("stephen.doughty.mp@parliament.example",)


def test_a_delivery_is_another_kind_of_event() -> None:
    assert parse_mail_event(delivery(LETTER)).type == MailEventType.OTHER


def test_an_identity_notification_names_its_type_notificationtype() -> None:
    raw = bounce(LETTER)
    raw["notificationType"] = raw.pop("eventType")
    assert parse_mail_event(raw).type == MailEventType.BOUNCE


def test_a_message_without_our_tags_has_none() -> None:
    assert parse_mail_event(bounce({**LETTER, "tags": {}})).tags is None
    not_ours = {"kind": "newsletter", "campaign": "c", "action": "a"}
    assert parse_mail_event(bounce({**LETTER, "tags": not_ours})).tags is None


def test_a_bounce_without_a_diagnostic_code_gives_its_status_and_a_long_one_is_cut() -> None:
    raw = bounce(LETTER)
    recipient = raw["bounce"]["bouncedRecipients"][0]
    del recipient["diagnosticCode"]
    assert parse_mail_event(raw).reason == "General: 5.1.1"
    recipient["diagnosticCode"] = "smtp; 550\n" + "x " * 400
    reason = parse_mail_event(raw).reason
    assert len(reason) == 300
    assert "\n" not in reason


def broken(change: str) -> Any:
    raw: dict[str, Any] = bounce(LETTER)
    if change == "not an object":
        return ["a", "list"]
    if change == "no mail":
        del raw["mail"]
    elif change == "no message id":
        del raw["mail"]["messageId"]
    elif change == "no bounce object":
        del raw["bounce"]
    elif change == "recipients not a list":
        raw["bounce"]["bouncedRecipients"] = "someone@example.com"
    elif change == "a recipient without an address":
        raw["bounce"]["bouncedRecipients"] = [{"status": "5.1.1"}]
    return raw


@pytest.mark.parametrize(
    "change",
    [
        "not an object",
        "no mail",
        "no message id",
        "no bounce object",
        "recipients not a list",
        "a recipient without an address",
    ],
)
def test_what_is_not_an_ses_event_is_refused_with_the_reason(change: str) -> None:
    with pytest.raises(InvalidMailEvent) as refused:
        parse_mail_event(broken(change))
    assert refused.value.code == "invalid_mail_event"
    assert refused.value.message.startswith("This is not an SES event we can read: ")
