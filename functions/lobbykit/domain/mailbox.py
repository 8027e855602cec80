"""One person's mailbox, whatever way they write its address, and the keyed hash that names it.

``Jo.Bloggs+letters@googlemail.com`` and ``jobloggs@gmail.com`` reach the same inbox: a bounce or
a spam report for one is a bounce or spam report for the other. ``mailbox_key`` is the one
function that turns an address into the key the suppression list is kept under, so the address
itself is never stored there.
"""

from lobbykit.domain.limits import pseudonym

# Gmail ignores dots in the part before the @, and googlemail.com is the same service.
GMAIL = "gmail.com"
GMAIL_ALIASES = frozenset({GMAIL, "googlemail.com"})


def canonical_mailbox(email: str) -> str:
    """Lower case, without a ``+tag``, and for Gmail without dots and on gmail.com."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    untagged = local.split("+", 1)[0] or local
    if domain in GMAIL_ALIASES:
        return f"{untagged.replace('.', '') or untagged}@{GMAIL}"
    return f"{untagged}@{domain}"


def mailbox_key(email: str, key: bytes) -> str:
    """The keyed hash of the canonical mailbox: stable for matching, useless for recovering it."""
    return pseudonym(canonical_mailbox(email), key)
