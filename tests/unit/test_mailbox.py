"""One mailbox, one supporter: the canonical form of an address, and its keyed hash."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lobbykit.domain.limits import pseudonym
from lobbykit.domain.mailbox import canonical_mailbox, mailbox_key

KEY = b"k" * 48


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("alex@example.org", "alex@example.org"),
        ("ALEX@Example.org", "alex@example.org"),
        ("alex+again@example.org", "alex@example.org"),
        ("Alex+Again+More@EXAMPLE.ORG", "alex@example.org"),
        ("a.lex@example.org", "a.lex@example.org"),  # dots matter outside Gmail
        ("a.lex@gmail.com", "alex@gmail.com"),
        ("A.L.E.X+campaign@GoogleMail.com", "alex@gmail.com"),
        ("alex@googlemail.com", "alex@gmail.com"),
        ("alex@mail.gmail.com", "alex@mail.gmail.com"),  # not Gmail's own domain
        ("  alex@example.org ", "alex@example.org"),
        ("+tag@example.org", "+tag@example.org"),  # nothing would be left: kept as it is
        ('"a@b"@example.org', '"a@b"@example.org'),
        ("not an address", "not an address"),
    ],
)
def test_the_canonical_mailbox(typed: str, canonical: str) -> None:
    assert canonical_mailbox(typed) == canonical


locals_ = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,15}", fullmatch=True).filter(lambda s: s.strip("."))
domains = st.sampled_from(["example.org", "gmail.com", "googlemail.com", "nhs.net", "btinternet.com"])
tags = st.from_regex(r"[a-z0-9.]{0,8}", fullmatch=True)


@given(locals_, domains)
def test_canonical_is_a_fixed_point(local: str, domain: str) -> None:
    once = canonical_mailbox(f"{local}@{domain}")
    assert canonical_mailbox(once) == once


@given(locals_, domains, tags)
def test_case_tags_and_gmail_dots_never_make_a_second_mailbox(local: str, domain: str, tag: str) -> None:
    plain = canonical_mailbox(f"{local}@{domain}")
    shouted = f"{local.upper()}+{tag}@{domain.upper()}"
    assert canonical_mailbox(shouted) == plain
    if domain in ("gmail.com", "googlemail.com"):
        dotted = ".".join(local.replace(".", ""))
        other = "googlemail.com" if domain == "gmail.com" else "gmail.com"
        assert canonical_mailbox(f"{dotted}@{other}") == plain


@given(locals_, locals_)
def test_different_mailboxes_at_an_ordinary_domain_stay_different(first: str, second: str) -> None:
    if first != second:
        assert canonical_mailbox(f"{first}@example.org") != canonical_mailbox(f"{second}@example.org")


def test_the_key_is_a_keyed_hash_of_the_canonical_mailbox_not_a_plain_digest() -> None:
    key = mailbox_key("A.Lex+x@googlemail.com", lambda value: pseudonym(value, KEY))
    assert key == mailbox_key("alex@gmail.com", lambda value: pseudonym(value, KEY))
    assert key != mailbox_key("alex@gmail.com", lambda value: pseudonym(value, b"another key"))
    assert "alex" not in key
    for digest in (hashlib.sha256, hashlib.sha1, hashlib.md5):
        assert not digest(b"alex@gmail.com").hexdigest().startswith(key)
