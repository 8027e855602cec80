"""One mailbox, however its address is written, has one key; different mailboxes have different keys."""

import pytest

from lobbykit.domain.mailbox import canonical_mailbox, mailbox_key

KEY = b"a-test-key-of-some-length-for-hmac"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("jo.bloggs@example.com", "jo.bloggs@example.com"),
        ("  Jo.Bloggs@Example.COM ", "jo.bloggs@example.com"),
        ("jo.bloggs+letters@example.com", "jo.bloggs@example.com"),
        ("jo.bloggs+a+b@example.com", "jo.bloggs@example.com"),
        ("J.o.Bloggs+x@gmail.com", "jobloggs@gmail.com"),
        ("jo.bloggs@googlemail.com", "jobloggs@gmail.com"),
        ("+only-a-tag@example.com", "+only-a-tag@example.com"),  # no mailbox name to keep: left whole
        ("...@gmail.com", "...@gmail.com"),
    ],
)
def test_the_canonical_mailbox(written: str, canonical: str) -> None:
    assert canonical_mailbox(written) == canonical


def test_dots_matter_outside_gmail() -> None:
    assert canonical_mailbox("jo.bloggs@example.com") != canonical_mailbox("jobloggs@example.com")


def test_the_same_mailbox_written_differently_has_one_key_and_it_is_not_the_address() -> None:
    keys = {mailbox_key(written, KEY) for written in ("JoBloggs+x@googlemail.com", "jo.bloggs@gmail.com")}
    assert len(keys) == 1
    [key] = keys
    assert "bloggs" not in key
    assert mailbox_key("jo.bloggs@gmail.com", b"another-key") != key
    assert mailbox_key("sam.roe@gmail.com", KEY) != key
