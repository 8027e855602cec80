"""One mailbox is one supporter, however its address is written.

Mail providers deliver ``Alex+again@example.org`` and ``ALEX@example.org`` to the same inbox,
and Gmail ignores dots in its addresses and answers for googlemail.com as for gmail.com. If
uniqueness (one letter per supporter per MP) and the per-email limits keyed on the address as
typed, anyone could send a second letter, or a sixth confirmation email an hour, by spelling
their own address another way. So both key on the canonical mailbox, and only ever as a keyed
hash: an unkeyed hash of an email is reversed by hashing a list of emails.
"""

from collections.abc import Callable

GMAIL = "gmail.com"
GMAIL_DOMAINS = frozenset({GMAIL, "googlemail.com"})


def canonical_mailbox(email: str) -> str:
    """Lower-cased, ``+tag`` removed; at Gmail also the dots, and googlemail.com as gmail.com.

    Not a validator: any text gives an answer, so a limit can count what was typed before it is
    checked. A local part that would be left empty (``+tag@...``) is kept as it is.
    """
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return domain
    untagged = local.split("+", 1)[0] or local
    if domain in GMAIL_DOMAINS:
        untagged = untagged.replace(".", "") or untagged
        domain = GMAIL
    return f"{untagged}@{domain}"


def mailbox_key(email: str, pseudonymise: Callable[[str], str]) -> str:
    """The keyed hash that stands for a supporter's mailbox in records, markers and counts.

    ``pseudonymise`` is the keyed hash of ``limits.pseudonym`` with the stack's secret key.
    """
    return pseudonymise(canonical_mailbox(email))
