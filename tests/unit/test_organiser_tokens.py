"""Organiser tokens: only digests are stored, each organiser has their own, one can be revoked."""

from datetime import UTC, datetime

import pytest

from lobbykit.domain.organisers import (
    NotAuthorised,
    OrganiserToken,
    authorise,
    create_token,
    digest,
    revoke_token,
    store_token,
)

NOW = datetime(2026, 11, 29, tzinfo=UTC)


class MemoryStore:
    def __init__(self) -> None:
        self.saved: list[OrganiserToken] = []

    def tokens(self) -> list[OrganiserToken]:
        return list(self.saved)

    def save(self, tokens: list[OrganiserToken]) -> None:
        self.saved = list(tokens)


def test_a_created_token_authorises_its_holder_and_only_its_digest_is_stored() -> None:
    store = MemoryStore()
    token = create_token(store, "alice", NOW)
    assert len(token) > 40
    assert all(token not in repr(t) for t in store.saved)
    assert store.saved[0].digest == digest(token)
    assert authorise(f"Bearer {token}", store.tokens()) == "alice"
    assert authorise(f"bearer   {token} ", store.tokens()) == "alice"


def test_each_organiser_has_their_own_token_and_revoking_one_leaves_the_other() -> None:
    store = MemoryStore()
    alice, bob = create_token(store, "alice", NOW), create_token(store, "bob", NOW)
    assert revoke_token(store, "alice") is True
    with pytest.raises(NotAuthorised, match="revoked"):
        authorise(f"Bearer {alice}", store.tokens())
    assert authorise(f"Bearer {bob}", store.tokens()) == "bob"
    assert revoke_token(store, "nobody") is False


def test_recreating_a_token_replaces_the_old_one() -> None:
    store = MemoryStore()
    old = create_token(store, "alice", NOW)
    new = create_token(store, "alice", NOW)
    assert [t.name for t in store.saved] == ["alice"]
    assert authorise(f"Bearer {new}", store.tokens()) == "alice"
    with pytest.raises(NotAuthorised):
        authorise(f"Bearer {old}", store.tokens())


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer ", "Basic YWxpY2U6cGFzcw==", "Token abc", "Bearer wrong"]
)
def test_anything_but_a_valid_bearer_token_is_refused_with_a_clear_message(header: str | None) -> None:
    store = MemoryStore()
    create_token(store, "alice", NOW)
    with pytest.raises(NotAuthorised) as refused:
        authorise(header, store.tokens())
    assert "organiser token" in refused.value.message


def test_a_token_needs_a_name() -> None:
    with pytest.raises(ValueError, match="name"):
        create_token(MemoryStore(), " ", NOW)


def test_a_token_chosen_elsewhere_is_stored_as_a_digest_and_authorises() -> None:
    store = MemoryStore()
    store_token(store, "local", "lk_chosen-by-the-developer", NOW)
    assert store.saved == [OrganiserToken("local", digest("lk_chosen-by-the-developer"), NOW.isoformat())]
    assert authorise("Bearer lk_chosen-by-the-developer", store.tokens()) == "local"


@pytest.mark.parametrize("token", ["", "two words", "tab\there"])
def test_a_chosen_token_must_be_one_word(token: str) -> None:
    with pytest.raises(ValueError, match="spaces"):
        store_token(MemoryStore(), "local", token, NOW)
