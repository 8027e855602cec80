"""Other sites cannot post supporters' or organisers' forms, nor send the JSON API a body a page
could send without asking: through the API function, as API Gateway calls it."""

import json
from urllib.parse import urlencode

import pytest

from lobbykit.domain.organisers import Role
from lobbykit.local.outbox import sent_emails
from tests.conftest import PUBLIC_URL
from tests.support.api import ApiResponse, call_api
from tests.support.e_action import CAMPAIGN, MP_EMAIL, confirmation_links, emails_to, submit, supporter
from tests.support.metrics import organiser_token

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ANOTHER_SITE = [
    {"Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://blog.write.example.org"},
    {"Origin": "null"},
    {"Origin": PUBLIC_URL, "Sec-Fetch-Site": "cross-site"},
]
SITE_IDS = ["another origin", "cross-site", "same-site", "origin null", "cross-site with our origin"]
THIS_SITE = [
    {},
    {"Origin": PUBLIC_URL, "Sec-Fetch-Site": "same-origin"},
    {"Origin": "null", "Sec-Fetch-Site": "same-origin"},
]
THIS_SITE_IDS = ["neither header", "same origin", "null from our own no-referrer page"]


def post_form(path: str, fields: dict[str, str], headers: dict[str, str], cookie: str = "") -> ApiResponse:
    extra = {"Cookie": cookie} if cookie else {}
    return call_api("POST", path, body=urlencode(fields), headers=FORM | headers | extra)


def assert_refused_with_a_page(response: ApiResponse) -> None:
    assert response.status == 403
    assert response.headers["Content-Type"].startswith("text/html")
    assert "sent from another website" in response.body
    assert response.cookies == []


def letter_form(**overrides: str) -> dict[str, str]:
    fields = {key: str(value) for key, value in supporter().items() if key != "consent_updates"}
    return fields | {"step": "send"} | overrides


# -- forms: refused from another site ---------------------------------------------------------


@pytest.mark.parametrize("headers", ANOTHER_SITE, ids=SITE_IDS)
def test_another_site_cannot_send_a_letter_from_the_action_page(headers: dict[str, str]) -> None:
    assert_refused_with_a_page(post_form(f"/c/{CAMPAIGN}", letter_form(), headers))
    assert sent_emails() == []


@pytest.mark.parametrize("headers", ANOTHER_SITE, ids=SITE_IDS)
def test_another_site_cannot_press_the_confirmation_button(headers: dict[str, str]) -> None:
    assert submit(supporter()).status == 202
    [link] = confirmation_links()
    assert_refused_with_a_page(call_api("POST", link, headers=headers))
    assert emails_to(MP_EMAIL) == []
    assert call_api("POST", link).status == 200  # the supporter's own press still works
    assert len(emails_to(MP_EMAIL)) == 1


@pytest.mark.parametrize("headers", ANOTHER_SITE, ids=SITE_IDS)
def test_another_site_cannot_sign_an_organiser_in_or_out(headers: dict[str, str]) -> None:
    token = organiser_token()
    assert_refused_with_a_page(post_form("/organiser", {"token": token}, headers))
    [cookie] = post_form("/organiser", {"token": token}, {}).cookies
    session = cookie.split(";")[0]
    assert_refused_with_a_page(post_form("/organiser/sign-out", {}, headers, session))
    assert call_api("GET", f"/organiser/{CAMPAIGN}", headers={"Cookie": session}).status == 200


# -- forms: this site's own requests, and links from anywhere, still work ---------------------


@pytest.mark.parametrize("headers", THIS_SITE, ids=THIS_SITE_IDS)
def test_this_sites_own_forms_are_served(headers: dict[str, str]) -> None:
    preview = post_form(f"/c/{CAMPAIGN}", letter_form(step="preview"), headers)
    assert preview.status == 200, preview.body
    assert post_form(f"/c/{CAMPAIGN}", letter_form(), headers).status == 202
    [link] = confirmation_links()
    assert call_api("POST", link, headers=headers).status == 200
    assert post_form("/organiser", {"token": organiser_token()}, headers).status == 303


def test_a_link_from_another_site_still_opens_every_page() -> None:
    """Only what changes something is refused: reading a page from a link is every site's right."""
    from_elsewhere = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
    assert call_api("GET", f"/c/{CAMPAIGN}", headers=from_elsewhere).status == 200
    assert call_api("GET", "/organiser", headers=from_elsewhere).status == 200
    submit(supporter())
    [link] = confirmation_links()
    assert call_api("GET", link, headers=from_elsewhere).status == 200


# -- the JSON API takes JSON only -------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ],
)
def test_a_letter_sent_as_anything_but_json_is_refused_unread(content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {"Content-Type": ""}
    for path in (f"/api/campaigns/{CAMPAIGN}/actions", f"/api/campaigns/{CAMPAIGN}/preview"):
        response = call_api("POST", path, body=json.dumps(supporter()), headers=headers)
        assert response.status == 415, (path, response.body)
        assert response.json()["error"] == "unsupported_media_type"
        assert "Content-Type: application/json" in response.json()["message"]
    assert sent_emails() == []


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_is_taken_whatever_its_parameters(content_type: str) -> None:
    response = call_api(
        "POST", f"/api/campaigns/{CAMPAIGN}/actions", body=supporter(), headers={"Content-Type": content_type}
    )
    assert response.status == 202, response.body


def test_organiser_routes_take_json_only_too() -> None:
    bearer = {"Authorization": f"Bearer {organiser_token('admin', Role.ADMIN)}", "Content-Type": "text/plain"}
    submit(supporter())
    calls = [
        ("/api/supporters/erase", {"email": supporter()["email"]}),
        ("/api/accounts", {"name": "new-one", "network": "recording"}),
        (f"/api/campaigns/{CAMPAIGN}/moments", {"at": "2030-01-01T12:00:00+00:00", "posts": []}),
    ]
    for path, body in calls:
        response = call_api("POST", path, body=json.dumps(body), headers=bearer)
        assert (response.status, response.json()["error"]) == (415, "unsupported_media_type"), path
    as_json = bearer | {"Content-Type": "application/json"}
    erased = call_api("POST", "/api/supporters/erase", body={"email": supporter()["email"]}, headers=as_json)
    assert erased.json()["erased"] == 1  # the refused call erased nothing
