"""The bot check's rules, apart from Cloudflare: which tokens are even worth asking about."""

from typing import Any

import pytest

from lobbykit.domain.human_check import MAX_TOKEN, TOKEN_FIELD, NotConfirmedHuman, check_human


class Check:
    """Says yes to one token, and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def verify(self, token: str, client_ip: str | None) -> bool:
        self.asked.append((token, client_ip))
        return token == "good"


@pytest.mark.parametrize("body", [{}, {TOKEN_FIELD: ""}, {TOKEN_FIELD: "  "}, {TOKEN_FIELD: 42}, ["good"]])
def test_no_token_means_the_check_did_not_run_and_asks_nobody(body: Any) -> None:
    check = Check()
    with pytest.raises(NotConfirmedHuman, match="needs JavaScript"):
        check_human(check, body, "192.0.2.1")
    assert check.asked == []


def test_an_overlong_token_is_refused_without_asking() -> None:
    check = Check()
    with pytest.raises(NotConfirmedHuman, match=r"We couldn't confirm you're not a bot\."):
        check_human(check, {TOKEN_FIELD: "g" * (MAX_TOKEN + 1)}, None)
    assert check.asked == []


def test_a_token_the_check_refuses_is_refused_with_the_supporters_address_passed_on() -> None:
    check = Check()
    with pytest.raises(NotConfirmedHuman) as refused:
        check_human(check, {TOKEN_FIELD: "bad"}, "192.0.2.1")
    assert refused.value.code == "bot_check_failed"
    assert check.asked == [("bad", "192.0.2.1")]


def test_a_confirmed_token_passes() -> None:
    check_human(Check(), {TOKEN_FIELD: "good"}, None)
