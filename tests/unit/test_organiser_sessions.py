"""A page session resumes only as the organiser who started it, and never outlasts its token."""

from datetime import UTC, datetime, timedelta

from lobbykit.domain.organiser_sessions import (
    SESSION_LIFETIME,
    OrganiserSession,
    resume_session,
    start_session,
)
from lobbykit.domain.organisers import Role, digest, revoke_token, store_token
from tests.support.token_memory import MemoryStore

NOW = datetime(2026, 11, 29, tzinfo=UTC)


class Sessions:
    def __init__(self) -> None:
        self.kept: dict[str, OrganiserSession] = {}

    def save(self, session: OrganiserSession) -> None:
        self.kept[session.key] = session

    def find(self, key: str) -> OrganiserSession | None:
        return self.kept.get(key)

    def delete(self, key: str) -> None:
        self.kept.pop(key, None)


def test_a_session_does_not_become_whoever_holds_its_token_now() -> None:
    """The local stack's chosen token stored again under another name (and another role): alice's
    session must end, not carry on as bob with bob's powers."""
    sessions, tokens = Sessions(), MemoryStore()
    store_token(tokens, "alice", "lk_chosen", Role.VIEWER, NOW)
    session_id = start_session(sessions, "lk_chosen", tokens.tokens(), NOW)
    assert resume_session(sessions, session_id, tokens.tokens(), NOW) is not None

    store_token(tokens, "bob", "lk_chosen", Role.ADMIN, NOW)
    revoke_token(tokens, "alice")
    assert resume_session(sessions, session_id, tokens.tokens(), NOW) is None


def test_a_session_ends_by_its_tokens_expiry_when_that_comes_first() -> None:
    sessions, tokens = Sessions(), MemoryStore()
    store_token(tokens, "alice", "lk_brief", Role.VIEWER, NOW, timedelta(hours=1))
    start_session(sessions, "lk_brief", tokens.tokens(), NOW)
    store_token(tokens, "carol", "lk_long", Role.VIEWER, NOW)
    start_session(sessions, "lk_long", tokens.tokens(), NOW)
    ends = {session.token_digest: session.expires_at for session in sessions.kept.values()}
    assert ends == {digest("lk_brief"): NOW + timedelta(hours=1), digest("lk_long"): NOW + SESSION_LIFETIME}
