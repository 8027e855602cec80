"""Organiser tokens: only digests are stored, each organiser has their own, one can be revoked;
each has a role and an expiry, and a token stored before roles existed is refused."""

from datetime import UTC, datetime, timedelta

import pytest

from lobbykit.domain.organisers import (
    DEFAULT_LIFETIME,
    Forbidden,
    NotAuthorised,
    Organiser,
    OrganiserToken,
    Role,
    authorise,
    create_token,
    digest,
    parse_lifetime,
    permit,
    revoke_token,
    store_token,
)
from tests.support.token_memory import MemoryStore

NOW = datetime(2026, 11, 29, tzinfo=UTC)


def test_a_created_token_authorises_its_holder_and_only_its_digest_is_stored() -> None:
    store = MemoryStore()
    token = create_token(store, "alice", Role.ORGANISER, NOW)
    assert len(token) > 40
    assert all(token not in repr(t) for t in store.saved)
    assert store.saved[0].digest == digest(token)
    expected = Organiser("alice", Role.ORGANISER, NOW + DEFAULT_LIFETIME)
    assert authorise(f"Bearer {token}", store.tokens(), NOW) == expected
    assert authorise(f"bearer   {token} ", store.tokens(), NOW) == expected


def test_each_organiser_has_their_own_token_and_revoking_one_leaves_the_other() -> None:
    store = MemoryStore()
    alice, bob = create_token(store, "alice", Role.ADMIN, NOW), create_token(store, "bob", Role.VIEWER, NOW)
    assert revoke_token(store, "alice") is True
    with pytest.raises(NotAuthorised, match="revoked"):
        authorise(f"Bearer {alice}", store.tokens(), NOW)
    assert authorise(f"Bearer {bob}", store.tokens(), NOW).name == "bob"
    assert revoke_token(store, "nobody") is False


def test_recreating_a_token_replaces_the_old_one() -> None:
    store = MemoryStore()
    old = create_token(store, "alice", Role.ADMIN, NOW)
    new = create_token(store, "alice", Role.VIEWER, NOW)
    assert [t.name for t in store.saved] == ["alice"]
    assert authorise(f"Bearer {new}", store.tokens(), NOW).role == Role.VIEWER
    with pytest.raises(NotAuthorised):
        authorise(f"Bearer {old}", store.tokens(), NOW)


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer ", "Basic YWxpY2U6cGFzcw==", "Token abc", "Bearer wrong"]
)
def test_anything_but_a_valid_bearer_token_is_refused_with_a_clear_message(header: str | None) -> None:
    store = MemoryStore()
    create_token(store, "alice", Role.ADMIN, NOW)
    with pytest.raises(NotAuthorised) as refused:
        authorise(header, store.tokens(), NOW)
    assert "organiser token" in refused.value.message


def test_a_token_needs_a_name() -> None:
    with pytest.raises(ValueError, match="name"):
        create_token(MemoryStore(), " ", Role.VIEWER, NOW)


def test_a_token_chosen_elsewhere_is_stored_as_a_digest_and_authorises() -> None:
    store = MemoryStore()
    store_token(store, "local", "lk_chosen-by-the-developer", Role.ADMIN, NOW)
    assert store.saved == [
        OrganiserToken(
            "local", digest("lk_chosen-by-the-developer"), NOW.isoformat(), Role.ADMIN, NOW + DEFAULT_LIFETIME
        )
    ]
    assert authorise("Bearer lk_chosen-by-the-developer", store.tokens(), NOW).name == "local"


@pytest.mark.parametrize("lifetime", [timedelta(0), timedelta(hours=-1)])
def test_a_token_must_last_some_time(lifetime: timedelta) -> None:
    store = MemoryStore()
    with pytest.raises(ValueError, match="last some time"):
        create_token(store, "alice", Role.VIEWER, NOW, lifetime)
    assert store.saved == []


@pytest.mark.parametrize("token", ["", "two words", "tab\there"])
def test_a_chosen_token_must_be_one_word(token: str) -> None:
    with pytest.raises(ValueError, match="spaces"):
        store_token(MemoryStore(), "local", token, Role.ADMIN, NOW)


# -- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "allowed"),
    [
        (Role.VIEWER, {Role.VIEWER}),
        (Role.ORGANISER, {Role.VIEWER, Role.ORGANISER}),
        (Role.ADMIN, {Role.VIEWER, Role.ORGANISER, Role.ADMIN}),
    ],
)
def test_each_role_includes_the_ones_below_it_and_no_more(held: Role, allowed: set[Role]) -> None:
    organiser = Organiser("alice", held, NOW)
    for needed in Role:
        if needed in allowed:
            assert permit(organiser, needed) is organiser
        else:
            with pytest.raises(Forbidden) as refused:
                permit(organiser, needed)
            assert refused.value.code == "forbidden"
            assert f"This needs {needed.with_article} token" in refused.value.message
            assert refused.value.details == {"role_needed": needed.value, "role_held": held.value}


def test_the_role_and_expiry_are_kept_with_the_digest() -> None:
    store = MemoryStore()
    create_token(store, "alice", Role.ORGANISER, NOW, timedelta(days=30))
    [record] = [t.to_record() for t in store.saved]
    assert record["role"] == "organiser"
    assert datetime.fromisoformat(record["expires_at"]) == NOW + timedelta(days=30)
    assert OrganiserToken.from_record(record) == store.saved[0]


# -- expiry -----------------------------------------------------------------------------------


def test_a_token_works_until_it_expires_and_then_says_so() -> None:
    store = MemoryStore()
    token = create_token(store, "alice", Role.ADMIN, NOW, timedelta(hours=12))
    assert authorise(f"Bearer {token}", store.tokens(), NOW + timedelta(hours=11, minutes=59)).name == "alice"
    with pytest.raises(NotAuthorised, match="expired on 29 November 2026"):
        authorise(f"Bearer {token}", store.tokens(), NOW + timedelta(hours=12))


def test_a_token_lasts_ninety_days_unless_told_otherwise() -> None:
    store = MemoryStore()
    token = create_token(store, "alice", Role.VIEWER, NOW)
    assert authorise(f"Bearer {token}", store.tokens(), NOW + timedelta(days=89)).name == "alice"
    with pytest.raises(NotAuthorised, match="expired"):
        authorise(f"Bearer {token}", store.tokens(), NOW + timedelta(days=90))


@pytest.mark.parametrize(
    ("text", "lifetime"),
    [
        ("90d", timedelta(days=90)),
        ("1d", timedelta(days=1)),
        ("12h", timedelta(hours=12)),
        (" 7D ", timedelta(days=7)),
    ],
)
def test_an_expiry_is_given_in_days_or_hours(text: str, lifetime: timedelta) -> None:
    assert parse_lifetime(text) == lifetime


@pytest.mark.parametrize("text", ["", "90", "0d", "-1d", "1.5d", "3w", "forever", "d", "1000000d"])
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match="90d"):
        parse_lifetime(text)


def test_a_token_stored_before_roles_and_expiry_is_refused_not_guessed_at() -> None:
    record = {"name": "early", "digest": digest("lk_early"), "created_at": "2026-01-05T10:00:00+00:00"}
    early = OrganiserToken.from_record(record)
    assert (early.role, early.expires_at) == (None, None)
    assert early.to_record() == record  # kept as it was, so `tokens list` can show and revoke it
    with pytest.raises(NotAuthorised, match="made before tokens had roles"):
        authorise("Bearer lk_early", [early], NOW)
