"""Deployed, what we send secrets to or link people to is https: never plain http.

An account's password or token goes to its instance or PDS URL, and an MP's contact page is a
link on our page. Only the local stack (``make run``) may reach stand-ins at http://127.0.0.1
(tests/integration/test_local_stack.py); these tests run with the template's environment alone.
"""

from typing import Any

import pytest

from lobbykit.domain.organisers import Role
from lobbykit.local.members_stub import MembersApiStub
from tests.support import members_data as seats
from tests.support.api import call_api
from tests.support.e_action import CAMPAIGN, submit, supporter
from tests.support.metrics import organiser_token

pytestmark = pytest.mark.usefixtures("api_environment")
NO_EMAIL_MP = "99912"  # tests.support.members_data: the MP at seats.NO_EMAIL, with a web page


@pytest.mark.parametrize(
    ("credentials", "field"),
    [
        (
            {"network": "mastodon", "access_token": "t", "instance_url": "http://127.0.0.1:8080"},
            "instance_url",
        ),
        (
            {"network": "mastodon", "access_token": "t", "instance_url": "http://mastodon.social"},
            "instance_url",
        ),
        ({"network": "mastodon", "access_token": "t", "instance_url": "https://"}, "instance_url"),
        ({"network": "mastodon", "access_token": "t", "instance_url": "https://[::1"}, "instance_url"),
        (
            {
                "network": "bluesky",
                "handle": "a.bsky.social",
                "app_password": "p",
                "pds_url": "http://127.0.0.1:2583",
            },
            "pds_url",
        ),
        (
            {
                "network": "bluesky",
                "handle": "a.bsky.social",
                "app_password": "p",
                "pds_url": "javascript:alert(1)",
            },
            "pds_url",
        ),
    ],
)
def test_an_instance_or_pds_url_must_be_https(credentials: dict[str, str], field: str) -> None:
    answer = call_api(
        "POST",
        "/api/accounts",
        body={"name": "insecure", **credentials},
        headers={"Authorization": f"Bearer {organiser_token(role=Role.ORGANISER)}"},
    )
    assert (answer.status, answer.json()["field"]) == (400, field)
    assert "https://" in answer.json()["message"]


def contact_page(members_stub: MembersApiStub, monkeypatch: pytest.MonkeyPatch, url: str) -> Any:
    """What we tell a supporter whose MP lists no email address, ``url`` being their web page."""
    [entry] = [e for e in members_stub.dataset["contacts"][NO_EMAIL_MP] if e.get("isWebAddress")]
    monkeypatch.setitem(entry, "line1", url)
    return submit(supporter(postcode=seats.NO_EMAIL)).json()["details"]["web_url"]


@pytest.mark.parametrize(
    "url",
    ["http://nomail.example/contact", "javascript:alert(document.cookie)", "//nomail.example", "ftp://x"],
)
def test_an_mps_web_page_is_linked_only_when_it_is_https(
    members_stub: MembersApiStub, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    assert contact_page(members_stub, monkeypatch, url) is None
    page = call_api("GET", f"/c/{CAMPAIGN}", query=f"postcode={seats.NO_EMAIL.replace(' ', '+')}")
    assert "has no email address" in page.body
    assert "Contact them through their own website" not in page.body


def test_an_https_web_page_is_linked(members_stub: MembersApiStub, monkeypatch: pytest.MonkeyPatch) -> None:
    assert contact_page(members_stub, monkeypatch, "https://nomail.example/contact") == (
        "https://nomail.example/contact"
    )
    page = call_api("GET", f"/c/{CAMPAIGN}", query=f"postcode={seats.NO_EMAIL.replace(' ', '+')}")
    assert '<a href="https://nomail.example/contact">Contact them through their own website</a>' in page.body
