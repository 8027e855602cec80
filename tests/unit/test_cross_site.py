"""How a form's request is told to come from another site: ``Sec-Fetch-Site`` and ``Origin``
against this site's own origin (the public URL's, or the Host it was sent to)."""

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from lobbykit.config import settings
from lobbykit.handlers.cross_site import foreign
from lobbykit.local.apigw import http_api_event

LOCAL = "http://127.0.0.1:3000"
DEPLOYED = "https://write.example.org"
GATEWAY = "abc123.execute-api.eu-west-2.amazonaws.com"


def request(public_url: str | None, host: str, monkeypatch: pytest.MonkeyPatch, **headers: str) -> str | None:
    if public_url is None:
        monkeypatch.delenv("LOBBYKIT_PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("LOBBYKIT_PUBLIC_URL", public_url)
    settings.cache_clear()
    named = {name.replace("_", "-"): value for name, value in headers.items()} | {"host": host}
    return foreign(APIGatewayProxyEventV2(http_api_event("POST", "/c/x", headers=named, body="a=b")))


@pytest.mark.parametrize(
    ("public_url", "host", "headers"),
    [
        (LOCAL, "127.0.0.1:3000", {}),
        (LOCAL, "127.0.0.1:3000", {"origin": LOCAL}),
        (LOCAL, "127.0.0.1:3000", {"origin": LOCAL.upper()}),
        (LOCAL, "localhost:3000", {"origin": "http://localhost:3000"}),
        (DEPLOYED, "write.example.org", {"origin": DEPLOYED}),
        (DEPLOYED, "write.example.org", {"origin": "https://write.example.org:443"}),
        (DEPLOYED, GATEWAY, {"origin": DEPLOYED}),
        (DEPLOYED, GATEWAY, {"origin": f"https://{GATEWAY}"}),
        (None, GATEWAY, {"origin": f"https://{GATEWAY}"}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "same-origin"}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "none"}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "same-origin", "origin": LOCAL}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "same-origin", "origin": "null"}),
    ],
    ids=[
        "neither header (an old browser, a script)",
        "its own origin",
        "its own origin in capitals",
        "the Host it was sent to",
        "the public URL",
        "the public URL with its default port",
        "the public URL, sent to API Gateway's domain",
        "API Gateway's own domain",
        "API Gateway's domain without a public URL",
        "same-origin by fetch metadata",
        "none: the person typed or bookmarked it",
        "both headers agree",
        "null from our own page under no-referrer (Chromium)",
    ],
)
def test_a_request_from_this_site_is_served(
    public_url: str | None, host: str, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert request(public_url, host, monkeypatch, **headers) is None


@pytest.mark.parametrize(
    ("public_url", "host", "headers"),
    [
        (LOCAL, "127.0.0.1:3000", {"origin": "https://evil.example"}),
        (LOCAL, "127.0.0.1:3000", {"origin": "http://127.0.0.1:3001"}),
        (LOCAL, "127.0.0.1:3000", {"origin": "https://127.0.0.1:3000"}),
        (LOCAL, "127.0.0.1:3000", {"origin": "http://localhost:3000"}),
        (DEPLOYED, GATEWAY, {"origin": f"http://{GATEWAY}"}),
        (DEPLOYED, "write.example.org", {"origin": "https://blog.example.org"}),
        (DEPLOYED, "write.example.org", {"origin": "https://write.example.org.evil.example"}),
        (LOCAL, "127.0.0.1:3000", {"origin": "null"}),
        (LOCAL, "127.0.0.1:3000", {"origin": "null", "sec_fetch_site": "cross-site"}),
        (LOCAL, "127.0.0.1:3000", {"origin": "http://[::1"}),
        (LOCAL, "127.0.0.1:3000", {"origin": "evil"}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "cross-site"}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "same-site"}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "cross-site", "origin": LOCAL}),
        (LOCAL, "127.0.0.1:3000", {"sec_fetch_site": "same-origin", "origin": "https://evil.example"}),
    ],
    ids=[
        "another site",
        "another port",
        "another scheme",
        "another host than it was sent to",
        "API Gateway's domain over http",
        "a sibling subdomain",
        "a look-alike suffix",
        "an opaque origin (sandboxed frame, data: page)",
        "an opaque origin, cross-site",
        "an unreadable origin",
        "not a URL",
        "cross-site by fetch metadata",
        "same-site by fetch metadata",
        "cross-site whatever the origin says",
        "another origin whatever fetch metadata says",
    ],
)
def test_a_request_from_another_site_is_told_apart(
    public_url: str | None, host: str, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert request(public_url, host, monkeypatch, **headers) is not None


def test_without_a_host_header_the_domain_api_gateway_was_called_on_is_this_sites(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LOBBYKIT_PUBLIC_URL", raising=False)
    settings.cache_clear()

    def origin_of_a_request_to_the_gateway(origin: str) -> str | None:
        raw = http_api_event("POST", "/c/x", headers={"host": GATEWAY, "origin": origin}, body="a=b")
        del raw["headers"]["host"]  # requestContext.domainName is left to say where it was sent
        return foreign(APIGatewayProxyEventV2(raw))

    assert origin_of_a_request_to_the_gateway(f"https://{GATEWAY}") is None
    assert origin_of_a_request_to_the_gateway("https://evil.example") is not None
