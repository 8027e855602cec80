"""Organiser tokens kept in a list: the domain's ``TokenStore`` without Secrets Manager, for unit
tests of what the domain does with tokens (the adapter has its own tests against moto)."""

from lobbykit.domain.organisers import OrganiserToken


class MemoryStore:
    def __init__(self) -> None:
        self.saved: list[OrganiserToken] = []

    def tokens(self) -> list[OrganiserToken]:
        return list(self.saved)

    def save(self, tokens: list[OrganiserToken]) -> None:
        self.saved = list(tokens)
