"""The organiser page through the API function: token sign-in, its cookie, and what the page shows."""

import csv
import io
from datetime import timedelta
from urllib.parse import urlencode

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.domain.counting import Increment
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.organisers import OrganiserToken, Role, create_token, digest, revoke_token
from tests.support import members_data as seats
from tests.support.api import ApiResponse, call_api
from tests.support.e_action import CAMPAIGN
from tests.support.html_outline import outline, structure_problems
from tests.support.metrics import add_counts, organiser_token, send_letter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
PAGE = f"/organiser/{CAMPAIGN}"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def token() -> str:
    return organiser_token()


def sign_in(token: str, campaign: str | None = None) -> ApiResponse:
    fields = {"token": token} | ({"campaign": campaign} if campaign is not None else {})
    return call_api("POST", "/organiser", body=urlencode(fields), headers=FORM)


def open_page(path: str = PAGE, cookie: str | None = None, query: str = "") -> ApiResponse:
    headers = {"Cookie": cookie} if cookie is not None else {}
    return call_api("GET", path, query=query, headers=headers)


def session_cookie(token: str) -> str:
    """The ``Cookie`` header a browser sends back after signing in."""
    [set_cookie] = sign_in(token).cookies
    return set_cookie.split(";")[0]


def attributes(set_cookie: str) -> set[str]:
    return {part.strip() for part in set_cookie.split(";")[1:]}


def shows_no_numbers(response: ApiResponse) -> bool:
    return "Cardiff South and Penarth" not in response.body and "Letters sent to MPs" not in response.body


# -- signing in and out -----------------------------------------------------------------------


def test_without_a_cookie_the_page_asks_for_the_token_and_shows_nothing_else(token: str) -> None:
    send_letter()
    page = open_page()
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    form = outline(page.body)
    assert [f.attrs["action"] for f in form.all("form")] == ["/organiser"]
    assert form.by_id("token").attrs["type"] == "password"
    [hidden] = [i for i in form.all("input") if i.attrs.get("type") == "hidden"]
    assert hidden.attrs == {"type": "hidden", "name": "campaign", "value": CAMPAIGN}
    assert shows_no_numbers(page)
    assert page.cookies == []


def test_signing_in_keeps_an_opaque_session_in_a_guarded_cookie_and_returns_to_the_campaign(
    token: str, resources: dict[str, str]
) -> None:
    response = sign_in(token, CAMPAIGN)
    assert response.status == 303
    assert response.headers["Location"] == PAGE
    [cookie] = response.cookies
    name, session_id = cookie.split(";")[0].split("=", 1)
    assert name == "lobbykit_organiser"
    assert token not in cookie
    assert len(session_id) >= 43  # 256 random bits
    assert attributes(cookie) == {"Path=/organiser", "Max-Age=28800", "HttpOnly", "Secure", "SameSite=Lax"}
    [item] = boto3.client("dynamodb").scan(TableName=resources["SessionsTable"])["Items"]
    assert session_id not in str(item)  # only digests are kept
    assert token not in str(item)
    assert item["organiser"]["S"] == "alice"
    ends = int(item["expires_at"]["N"])  # also the table's TTL attribute
    assert abs(ends - (wiring.now() + timedelta(hours=8)).timestamp()) < 60


def test_each_sign_in_is_its_own_session(token: str) -> None:
    assert session_cookie(token) != session_cookie(token)


def test_a_cookie_holding_the_token_itself_opens_nothing(token: str) -> None:
    send_letter()
    page = open_page(cookie=f"lobbykit_organiser={token}")
    assert page.status == 401
    assert shows_no_numbers(page)


@pytest.mark.parametrize("campaign", ["", "//evil.example", "https://evil.example", "../api", "UPPER"])
def test_signing_in_never_sends_the_browser_elsewhere(token: str, campaign: str) -> None:
    assert sign_in(token, campaign).headers["Location"] == "/organiser"


@pytest.mark.parametrize(
    ("typed", "status", "words"),
    [
        ("lk_not-the-token", 401, "That token is not valid"),
        ("", 400, "Enter your organiser token"),
        ("   ", 400, "Enter your organiser token"),
        ("lk_a;b=c", 401, "That token is not valid"),
    ],
)
def test_a_wrong_or_missing_token_is_explained_on_the_form_and_no_cookie_set(
    token: str, typed: str, status: int, words: str
) -> None:
    response = sign_in(typed, CAMPAIGN)
    assert response.status == status
    assert words in response.body
    assert response.cookies == []
    page = outline(response.body)
    assert page.by_id("token").attrs["aria-invalid"] == "true"
    assert "token-error" in page.by_id("token").attrs["aria-describedby"]
    assert "#token" in [a.attrs.get("href") for a in page.all("a")]  # the error summary leads to the field


def test_signing_out_clears_the_cookie_and_ends_the_session_on_the_server(token: str) -> None:
    cookie = session_cookie(token)
    assert open_page(cookie=cookie).status == 200
    response = call_api("POST", "/organiser/sign-out", headers={"Cookie": cookie})
    assert response.status == 303
    assert response.headers["Location"] == "/organiser"
    [cleared] = response.cookies
    assert cleared.split(";")[0] == "lobbykit_organiser="
    assert attributes(cleared) == {"Path=/organiser", "Max-Age=0", "HttpOnly", "Secure", "SameSite=Lax"}
    replayed = open_page(cookie=cookie)  # a copy of the cookie kept after signing out
    assert replayed.status == 401
    assert "Your sign-in has ended" in replayed.body
    assert shows_no_numbers(replayed)


def test_signing_out_without_a_session_just_shows_the_form() -> None:
    response = call_api("POST", "/organiser/sign-out")
    assert response.status == 303
    assert response.headers["Location"] == "/organiser"


@pytest.mark.parametrize(
    "cookie",
    ["lobbykit_organiser=", "lobbykit_organiser=lk_wrong", "lobbykit_organiser=%20"],
    ids=["cookie without a token", "cookie with a wrong token", "cookie with a blank token"],
)
def test_a_cookie_without_a_valid_token_shows_nothing_and_is_cleared(token: str, cookie: str) -> None:
    send_letter()
    for path in ("/organiser", PAGE):
        page = open_page(path, cookie)
        assert page.status == 401
        assert "Your sign-in has ended" in page.body
        assert shows_no_numbers(page)
        assert [c.split(";")[0] for c in page.cookies] == ["lobbykit_organiser="]


def test_a_revoked_token_ends_the_page_session(token: str) -> None:
    cookie = session_cookie(token)
    assert open_page(cookie=cookie).status == 200
    revoke_token(wiring.token_store(), "alice")
    page = open_page(cookie=cookie)
    assert page.status == 401
    assert shows_no_numbers(page)


def test_a_replaced_token_ends_the_sessions_made_with_the_old_one(token: str) -> None:
    cookie = session_cookie(token)
    organiser_token("alice")  # a new token for alice: the old one no longer works
    assert open_page(cookie=cookie).status == 401


def test_a_session_ends_after_eight_hours(token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cookie = session_cookie(token)
    started = wiring.now()
    monkeypatch.setattr(wiring, "now", lambda: started + timedelta(hours=7, minutes=59))
    assert open_page(cookie=cookie).status == 200
    monkeypatch.setattr(wiring, "now", lambda: started + timedelta(hours=8))
    page = open_page(cookie=cookie)
    assert page.status == 401
    assert shows_no_numbers(page)


def test_a_session_ends_when_its_token_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    started = wiring.now()
    short = create_token(wiring.token_store(), "brief", Role.VIEWER, started, timedelta(hours=1))
    cookie = session_cookie(short)
    monkeypatch.setattr(wiring, "now", lambda: started + timedelta(minutes=59))
    assert open_page(cookie=cookie).status == 200
    monkeypatch.setattr(wiring, "now", lambda: started + timedelta(hours=1))
    assert open_page(cookie=cookie).status == 401


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"role": "viewer", "expires_at": "2026-01-06T00:00:00+00:00"}, "expired on 06 January 2026"),
        ({}, "made before tokens had roles"),
    ],
    ids=["expired", "made before roles"],
)
def test_a_token_that_no_longer_works_is_explained_at_sign_in(record: dict[str, str], words: str) -> None:
    stored = {"name": "old", "digest": digest("lk_old-token"), "created_at": "2026-01-05T00:00:00+00:00"}
    wiring.token_store().save([OrganiserToken.from_record(stored | record)])
    response = sign_in("lk_old-token", CAMPAIGN)
    assert response.status == 401
    assert words in response.body
    assert response.cookies == []


def test_every_role_may_open_the_page(token: str) -> None:
    for role in Role:
        cookie = session_cookie(organiser_token(f"a-{role}", role))
        assert open_page(cookie=cookie).status == 200, role


def test_a_bearer_header_does_not_open_the_page(token: str) -> None:
    send_letter()
    page = call_api("GET", PAGE, headers={"Authorization": f"Bearer {token}"})
    assert page.status == 200
    assert "Sign in" in page.body
    assert shows_no_numbers(page)


# -- what the page shows ----------------------------------------------------------------------


def test_the_page_shows_the_totals_the_chart_and_the_map(token: str) -> None:
    send_letter()
    send_letter(email="sam@example.com")
    page = open_page(cookie=session_cookie(token))
    assert page.status == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = outline(page.body)

    totals = dict(zip((e.text for e in html.all("dt")), (e.text for e in html.all("dd")), strict=True))
    assert totals["Letters sent to MPs"] == "2"
    assert totals["Supporters"] == "2"
    assert totals["Constituencies reached"] == "1 of 650"
    assert totals["Confirmation rate"] == "100%"

    assert len(html.all("svg")) == 2  # the chart and the map
    assert "1 day from" in html.by_id("chart-desc").text
    [bar] = [e for e in html.elements if e.tag == "rect"]
    assert bar.text.endswith(": 2")
    assert len(html.all("use")) == 650
    [cardiff] = [u for u in html.all("use") if u.text.startswith("Cardiff South and Penarth")]
    assert cardiff.text == "Cardiff South and Penarth: 2 letters"
    assert cardiff.attrs["class"] == "seat level-4"
    assert sum(1 for u in html.all("use") if u.attrs["class"] == "seat level-0") == 649
    rows = [th.text for th in html.all("th") if th.attrs.get("scope") == "row"]
    assert "Cardiff South and Penarth" in rows


def test_a_constituency_whose_name_is_not_on_the_map_is_still_listed(token: str) -> None:
    send_letter(postcode=seats.SUSPENDED)
    page = open_page(cookie=session_cookie(token))
    assert "could not be placed on the map" in page.body
    assert "Suspension Bridge" in [th.text for th in outline(page.body).all("th")]
    assert "Not on the map" in page.body


def test_the_constituency_table_sorts_on_the_server(token: str) -> None:
    counts = [(1, "Bath", 2), (2, "Arfon", 9), (3, "Chorley", 5)]  # ordered by name != ordered by letters
    for shard, (seat, name, sent) in enumerate(counts):
        add_counts(CAMPAIGN, shard, Increment(f"constituency#{seat}", "sent", sent, name))
    cookie = session_cookie(token)

    def table(query: str) -> tuple[list[str], dict[str, str]]:
        html = outline(open_page(cookie=cookie, query=query).body)
        names = [th.text for th in html.all("th") if th.attrs.get("scope") == "row"][:3]
        sorted_by = {
            th.text.split(" (")[0]: th.attrs["aria-sort"] for th in html.all("th") if "aria-sort" in th.attrs
        }
        return names, sorted_by

    assert table("") == (["Arfon", "Bath", "Chorley"], {"Constituency": "ascending"})
    assert table("sort=name&order=desc") == (["Chorley", "Bath", "Arfon"], {"Constituency": "descending"})
    assert table("sort=sent") == (["Arfon", "Chorley", "Bath"], {"Letters sent": "descending"})
    assert table("sort=sent&order=asc") == (["Bath", "Chorley", "Arfon"], {"Letters sent": "ascending"})
    assert table("sort=nonsense&order=sideways") == (
        ["Arfon", "Bath", "Chorley"],
        {"Constituency": "ascending"},
    )
    links = [
        a.attrs["href"]
        for a in outline(open_page(cookie=cookie).body).all("a")
        if "sort" in a.attrs.get("class", "")
    ]
    assert links == [
        f"{PAGE}?sort=name&order=desc#constituencies",
        f"{PAGE}?sort=sent&order=desc#constituencies",
    ]


def test_the_page_offers_the_same_csv_as_the_api(token: str) -> None:
    send_letter()
    cookie = session_cookie(token)
    download = open_page(f"{PAGE}/constituencies.csv", cookie)
    assert download.status == 200
    assert download.headers["Content-Disposition"] == f'attachment; filename="{CAMPAIGN}-by-constituency.csv"'
    assert list(csv.reader(io.StringIO(download.body))) == [
        ["id", "name", "sent"],
        ["99005", "Cardiff South and Penarth", "1"],
    ]
    assert open_page(f"{PAGE}/constituencies.csv").status == 303


def test_an_unknown_campaign_is_a_kind_404_page(token: str) -> None:
    page = open_page("/organiser/no-such-campaign", session_cookie(token))
    assert page.status == 404
    assert "There is no such campaign" in page.body


def test_the_home_page_lists_the_campaigns(token: str) -> None:
    page = open_page("/organiser", session_cookie(token))
    assert page.status == 200
    assert PAGE in [a.attrs["href"] for a in outline(page.body).all("a")]


# -- structure an accessibility check can see without a browser -------------------------------


def test_every_organiser_page_has_a_sound_accessible_structure(token: str) -> None:
    cookie = session_cookie(token)
    pages = {"empty campaign": open_page(cookie=cookie)}
    send_letter()
    send_letter(postcode=seats.SUSPENDED, email="sam@example.com")
    add_counts(CAMPAIGN, 0, Increment("refusal#seat_vacant", "count"))
    pages |= {
        "sign-in": open_page(),
        "sign-in with an error": sign_in("lk_wrong"),
        "campaigns": open_page("/organiser", cookie),
        "campaign": open_page(cookie=cookie),
        "campaign by letters": open_page(cookie=cookie, query="sort=sent"),
    }
    for name, page in pages.items():
        assert structure_problems(page.body) == [], name


def test_the_csv_of_an_unknown_campaign_is_explained_on_a_page(token: str) -> None:
    missing = open_page("/organiser/no-such-campaign/constituencies.csv", session_cookie(token))
    assert missing.status == 404
    assert missing.headers["Content-Type"].startswith("text/html")
    assert "There is no such campaign" in missing.body


def test_a_refusal_the_page_does_not_handle_itself_is_still_a_page(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def out_of_reach(campaign: str) -> None:
        raise UpstreamUnavailable("Our records are out of reach just now. Please try again soon.")

    monkeypatch.setattr(wiring.metrics(), "of", out_of_reach)
    page = open_page(cookie=session_cookie(token))
    assert page.status == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Our records are out of reach just now" in page.body
