"""Organiser power is scoped: each route needs a role, and a token below it gets 403 naming it;
a token that has expired, or was made before tokens had roles, gets 401."""

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from lobbykit.application import wiring
from lobbykit.domain.organisers import OrganiserToken, Role, create_token, digest
from tests.support.api import call_api
from tests.support.e_action import CAMPAIGN
from tests.support.metrics import organiser_token

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
MOMENTS = f"/api/campaigns/{CAMPAIGN}/moments"
# method, path, query, body: the least role each organiser route needs (docs/operating.md, issue 13).
ROUTES: list[tuple[str, str, str, Any, Role]] = [
    ("GET", f"/api/campaigns/{CAMPAIGN}/metrics", "", None, Role.VIEWER),
    ("GET", f"/api/campaigns/{CAMPAIGN}/metrics", "format=csv", None, Role.VIEWER),
    ("GET", "/api/accounts", "", None, Role.ORGANISER),
    ("POST", "/api/accounts", "", {"name": "new-one", "network": "recording"}, Role.ORGANISER),
    ("GET", MOMENTS, "", None, Role.ORGANISER),
    ("POST", MOMENTS, "", {"at": "2030-01-01T12:00:00+00:00", "posts": []}, Role.ORGANISER),
    ("GET", f"{MOMENTS}/no-such-moment", "", None, Role.ORGANISER),
    ("DELETE", f"{MOMENTS}/no-such-moment", "", None, Role.ORGANISER),
    ("POST", "/api/supporters/erase", "", {"email": "nobody@example.com"}, Role.ADMIN),
    ("GET", "/api/tokens", "", None, Role.ADMIN),
    ("POST", "/api/tokens", "", {"name": "newcomer", "role": "viewer"}, Role.ADMIN),
    ("DELETE", "/api/tokens/nobody", "", None, Role.ADMIN),
]


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "needed"),
    ROUTES,
    ids=[
        f"{method} {path.split(CAMPAIGN)[-1]}{'?' + query if query else ''}"
        for method, path, query, _, _ in ROUTES
    ],
)
def test_each_route_opens_to_its_role_and_those_above_and_refuses_those_below(
    method: str, path: str, query: str, body: Any, needed: Role
) -> None:
    for held in Role:
        bearer = {"Authorization": f"Bearer {organiser_token(f'a-{held}', held)}"}
        response = call_api(method, path, query=query, body=body, headers=bearer)
        if held.includes(needed):
            assert response.status not in {401, 403}, (held, response.body)
        else:
            assert response.status == 403, (held, response.body)
            refusal = response.json()
            assert refusal["error"] == "forbidden"
            assert f"This needs {needed.with_article} token" in refusal["message"]
            assert refusal["details"] == {"role_needed": needed.value, "role_held": held.value}


def test_an_expired_token_is_refused_saying_so() -> None:
    started = wiring.now()
    token = create_token(
        wiring.token_store(), "brief", Role.ADMIN, started - timedelta(days=2), timedelta(days=1)
    )
    response = call_api(
        "GET", f"/api/campaigns/{CAMPAIGN}/metrics", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 401
    assert (response.json()["error"], response.headers["WWW-Authenticate"]) == ("unauthorised", "Bearer")
    assert "expired on" in response.json()["message"]


def test_a_token_made_before_roles_is_refused_not_taken_for_an_admin() -> None:
    early = {"name": "early", "digest": digest("lk_early-token"), "created_at": "2026-01-05T10:00:00+00:00"}
    wiring.token_store().save([OrganiserToken.from_record(early)])
    response = call_api(
        "POST",
        "/api/supporters/erase",
        body={"email": "nobody@example.com"},
        headers={"Authorization": "Bearer lk_early-token"},
    )
    assert response.status == 401
    assert "made before tokens had roles" in response.json()["message"]


# -- admins manage tokens over HTTP -----------------------------------------------------------


def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {organiser_token('the-admin', Role.ADMIN)}"}


def test_an_admin_makes_a_viewers_token_which_reads_the_numbers_and_nothing_more() -> None:
    admin = admin_headers()
    created = call_api("POST", "/api/tokens", body={"name": "Vic Viewer", "expires_in": "12h"}, headers=admin)
    assert created.status == 201, created.body
    assert created.headers["Cache-Control"] == "no-store"
    body = created.json()
    assert (body["name"], body["role"]) == ("Vic Viewer", "viewer")
    expires = datetime.fromisoformat(body["expires_at"]) - wiring.now()
    assert timedelta(hours=11, minutes=59) < expires <= timedelta(hours=12)
    viewer = {"Authorization": f"Bearer {body['token']}"}
    assert call_api("GET", f"/api/campaigns/{CAMPAIGN}/metrics", headers=viewer).status == 200
    assert call_api("GET", MOMENTS, headers=viewer).status == 403

    listing = call_api("GET", "/api/tokens", headers=admin)
    assert listing.headers["Cache-Control"] == "no-store"  # who holds a token, and their roles
    listed = listing.json()["tokens"]
    assert [t["name"] for t in listed] == ["Vic Viewer", "the-admin"]
    assert listed[0] == {
        "name": "Vic Viewer",
        "role": "viewer",
        "created_at": listed[0]["created_at"],
        "expires_at": body["expires_at"],
        "status": "active",
    }
    assert body["token"] not in json.dumps(listed)

    assert call_api("DELETE", "/api/tokens/Vic%20Viewer", headers=admin).status == 204
    assert call_api("GET", f"/api/campaigns/{CAMPAIGN}/metrics", headers=viewer).status == 401
    gone = call_api("DELETE", "/api/tokens/Vic%20Viewer", headers=admin)
    assert (gone.status, gone.json()["error"]) == (404, "token_not_found")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "role": "superuser"}, "role"),
        ({"name": "x", "expires_in": "forever"}, "expires_in"),
        ({"name": "x", "expires_in": 90}, "expires_in"),
        ({"name": " "}, "name"),
        ({"role": "admin"}, "name"),
    ],
)
def test_a_token_request_that_cannot_be_used_is_refused_by_field(body: dict[str, Any], field: str) -> None:
    refused = call_api("POST", "/api/tokens", body=body, headers=admin_headers())
    assert (refused.status, refused.json()["field"]) == (400, field)
    assert [t.name for t in wiring.token_store().tokens()] == ["the-admin"]


def test_the_list_says_which_tokens_no_longer_work() -> None:
    admin = admin_headers()
    early = {"name": "early", "digest": digest("lk_early-token"), "created_at": "2026-01-05T10:00:00+00:00"}
    store = wiring.token_store()
    store.save([*store.tokens(), OrganiserToken.from_record(early)])
    create_token(store, "lapsed", Role.VIEWER, wiring.now() - timedelta(days=2), timedelta(days=1))
    statuses = {
        t["name"]: t["status"] for t in call_api("GET", "/api/tokens", headers=admin).json()["tokens"]
    }
    assert statuses == {"early": "refused", "lapsed": "expired", "the-admin": "active"}
