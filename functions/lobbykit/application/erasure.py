"""Erasing a supporter on request (UK GDPR): every action of theirs, and a plain account of it."""

from dataclasses import dataclass

from lobbykit.domain.actions import ActionStore
from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.submission import parse_email


@dataclass(frozen=True, slots=True)
class ErasedAction:
    """What was removed, described without the personal data that was removed."""

    campaign: str
    mp: str
    constituency: str
    status: str
    created_at: str


def erase_supporter(store: ActionStore, email: object) -> list[ErasedAction]:
    """Delete every action made with ``email``; anonymous counts stay. Raises ``InvalidInput``."""
    if not isinstance(email, str):
        raise InvalidInput("Please give the supporter's email address.", field="email")
    erased = []
    for action in store.actions_of(parse_email(email)):
        store.erase(action)
        erased.append(
            ErasedAction(
                action.campaign,
                action.recipient.name,
                action.recipient.constituency_name,
                action.status.value,
                action.created_at.isoformat(),
            )
        )
    return erased


def erasure_summary(count: int) -> str:
    """What the organiser reads after an erasure, from the API or ``lobbykit erase`` alike."""
    if count == 0:
        return "We hold no letters from that email address: nothing was removed."
    letters = "letter" if count == 1 else "letters"
    return (
        f"Removed {count} {letters} with the supporter's name, email, address and words. "
        "Anonymous counts (how many letters each constituency sent) are kept."
    )
