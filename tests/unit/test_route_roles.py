"""Each route's least role is declared in its signature (``organiser: auth.NeedsAdmin``), and the
declarations are exactly the issue's: a new organiser route without one fails here."""

import re
from typing import get_args, get_type_hints

from aws_lambda_powertools.event_handler.depends import Depends

from lobbykit.domain.organisers import Role
from lobbykit.handlers import auth
from lobbykit.handlers.api import SECTIONS, resolver

CHECKS = {auth.viewer: Role.VIEWER, auth.organiser: Role.ORGANISER, auth.admin: Role.ADMIN}
EXPECTED = {
    ("GET", "/api/campaigns/{campaign}/metrics"): Role.VIEWER,
    ("GET", "/api/accounts"): Role.ORGANISER,
    ("POST", "/api/accounts"): Role.ORGANISER,
    ("GET", "/api/campaigns/{campaign}/moments"): Role.ORGANISER,
    ("POST", "/api/campaigns/{campaign}/moments"): Role.ORGANISER,
    ("GET", "/api/campaigns/{campaign}/moments/{moment_id}"): Role.ORGANISER,
    ("DELETE", "/api/campaigns/{campaign}/moments/{moment_id}"): Role.ORGANISER,
    ("POST", "/api/supporters/erase"): Role.ADMIN,
    ("GET", "/api/tokens"): Role.ADMIN,
    ("POST", "/api/tokens"): Role.ADMIN,
    ("DELETE", "/api/tokens/{name}"): Role.ADMIN,
}
# Open to anyone: supporters' routes, and the organiser page, which checks its own session.
PUBLIC_API = {
    ("GET", "/api/mp"),
    ("POST", "/api/campaigns/{campaign}/actions"),
    ("POST", "/api/campaigns/{campaign}/preview"),
}


def declared_roles() -> dict[tuple[str, str], Role | None]:
    roles: dict[tuple[str, str], Role | None] = {}
    for section in SECTIONS:
        app = resolver(section)
        for route in app._static_routes + app._dynamic_routes:  # the resolver keeps no public list
            path = re.sub(r"\(\?P<(\w+)>\[.*?\]\+\)", r"{\1}", route.rule.pattern).strip("^$")
            checks = [
                CHECKS[extra.dependency]
                for hint in get_type_hints(route.func, include_extras=True).values()
                for extra in get_args(hint)[1:]
                if isinstance(extra, Depends) and extra.dependency in CHECKS
            ]
            assert len(checks) <= 1, f"{route.method} {path} declares more than one role"
            roles[(route.method.upper(), path)] = checks[0] if checks else None
    return roles


def test_each_organiser_route_declares_the_least_role_the_issue_gives_it() -> None:
    declared = {route: role for route, role in declared_roles().items() if role is not None}
    assert declared == EXPECTED


def test_every_other_api_route_is_a_supporters() -> None:
    """An ``/api/`` route with no role must be one a supporter calls, on purpose."""
    undeclared = {
        route for route, role in declared_roles().items() if role is None and route[1].startswith("/api/")
    }
    assert undeclared == PUBLIC_API
