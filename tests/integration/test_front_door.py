"""The front door turns HTTP into API Gateway v2 events and proxy results back into HTTP."""

import base64
import http.client
import json
from collections.abc import Iterator
from typing import Any

import pytest

from lobbykit.domain.errors import InvalidInput
from lobbykit.local.frontdoor import FrontDoor
from tests.support.http import request


class Echo:
    """A stand-in for the API function: records each event and answers ``reply``."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.reply: Any = {"statusCode": 204}

    def __call__(self, event: dict[str, Any]) -> Any:
        self.events.append(event)
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


@pytest.fixture
def echo() -> Echo:
    return Echo()


def fed(body: Any) -> Any:
    """A local-only POST route: answers what it was given, or refuses a body without "ok"."""
    if isinstance(body, dict) and body.get("ok"):
        return {"fed": body}
    raise InvalidInput("Say ok.", field="ok", code="not_ok")


@pytest.fixture
def door(echo: Echo) -> Iterator[FrontDoor]:
    front = FrontDoor(
        echo, {"/_dev/hello": lambda: [{"hello": "world"}]}, max_body=64, dev_posts={"/_dev/feed": fed}
    )
    front.start()
    yield front
    front.stop()


def test_a_request_becomes_a_payload_2_event(door: FrontDoor, echo: Echo) -> None:
    request(
        f"{door.url}/api/mp?postcode=IV3%205SS&tag=a&tag=b",
        "POST",
        b'{"name": "Si\xc3\xa2n"}',
        {"Content-Type": "application/json", "Cookie": "a=1; b=2", "X-Thing": "yes"},
    )
    [event] = echo.events
    assert event["version"] == "2.0"
    assert event["rawPath"] == "/api/mp"
    assert event["rawQueryString"] == "postcode=IV3%205SS&tag=a&tag=b"
    assert event["queryStringParameters"] == {"postcode": "IV3 5SS", "tag": "a,b"}
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["requestContext"]["http"]["sourceIp"] == "127.0.0.1"
    assert event["cookies"] == ["a=1", "b=2"]
    assert event["headers"]["x-thing"] == "yes"
    assert (event["body"], event["isBase64Encoded"]) == ('{"name": "Siân"}', False)


def test_a_binary_body_arrives_base64_encoded(door: FrontDoor, echo: Echo) -> None:
    request(f"{door.url}/upload", "PUT", b"\xff\xfe\x00")
    [event] = echo.events
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\xff\xfe\x00"


def test_the_proxy_result_is_written_back_faithfully(door: FrontDoor, echo: Echo) -> None:
    echo.reply = {
        "statusCode": 201,
        "headers": {"Content-Type": "image/png", "X-One": "1"},
        "multiValueHeaders": {"X-Many": ["a", "b"]},
        "cookies": ["session=abc; HttpOnly; Secure", "theme=dark"],
        "body": base64.b64encode(b"\x89PNG").decode(),
        "isBase64Encoded": True,
    }
    answer = request(f"{door.url}/picture")
    assert answer.status == 201
    assert answer.body == b"\x89PNG"
    assert answer.headers["Content-Type"] == "image/png"
    assert answer.headers.get_all("X-Many") == ["a", "b"]
    assert answer.headers.get_all("Set-Cookie") == ["session=abc; HttpOnly; Secure", "theme=dark"]
    assert answer.headers["Content-Length"] == "4"


def test_a_bare_json_result_is_a_200_as_in_api_gateway(door: FrontDoor, echo: Echo) -> None:
    echo.reply = {"hello": "there"}
    answer = request(f"{door.url}/bare")
    assert (answer.status, answer.json()) == (200, {"hello": "there"})


def test_a_crashing_function_is_a_json_500_without_a_traceback(door: FrontDoor, echo: Echo) -> None:
    echo.reply = RuntimeError("boom")
    answer = request(f"{door.url}/crash")
    assert answer.status == 500
    assert answer.json()["error"] == "internal_error"
    assert b"Traceback" not in answer.body
    assert b"boom" not in answer.body


def test_dev_routes_are_answered_by_the_front_door_alone(door: FrontDoor, echo: Echo) -> None:
    answer = request(f"{door.url}/_dev/hello")
    assert answer.json() == [{"hello": "world"}]
    assert echo.events == []


def test_a_dev_post_route_gets_the_json_body_and_its_refusals_are_json_errors(
    door: FrontDoor, echo: Echo
) -> None:
    fed_ok = request(f"{door.url}/_dev/feed", "POST", b'{"ok": 1}', {"Content-Type": "application/json"})
    assert (fed_ok.status, fed_ok.json()) == (200, {"fed": {"ok": 1}})
    refused = request(f"{door.url}/_dev/feed", "POST", b'{"ok": 0}')
    assert (refused.status, refused.json()) == (400, {"error": "not_ok", "message": "Say ok.", "field": "ok"})
    not_json = request(f"{door.url}/_dev/feed", "POST", b"ok")
    assert (not_json.status, not_json.json()["error"]) == (400, "invalid_json")
    assert echo.events == []
    assert request(f"{door.url}/_dev/feed").status == 204  # only POST is the dev route's: GET goes on


def test_a_body_over_the_limit_is_refused_and_the_connection_closed(door: FrontDoor, echo: Echo) -> None:
    answer = request(f"{door.url}/api/x", "POST", b"x" * 65)
    assert answer.status == 413
    assert answer.headers["Connection"] == "close"
    assert set(answer.json()) == {"error", "message"}
    assert echo.events == []
    assert request(f"{door.url}/api/x", "POST", b"x" * 64).status == 204


def post_chunked(door: FrontDoor, chunks: list[bytes]) -> tuple[int, bytes]:
    host, port = door.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("POST", "/api/x", body=iter(chunks), encode_chunked=True)
    answer = connection.getresponse()
    result = answer.status, answer.read()
    connection.close()
    return result


def test_a_chunked_body_is_read_whole(door: FrontDoor, echo: Echo) -> None:
    assert post_chunked(door, [b"abc", b"def"])[0] == 204
    assert echo.events[0]["body"] == "abcdef"


def test_a_chunked_body_over_the_limit_is_refused(door: FrontDoor, echo: Echo) -> None:
    status, body = post_chunked(door, [b"x" * 40, b"y" * 40])
    assert status == 413
    assert json.loads(body)["error"] == "payload_too_large"
    assert echo.events == []


def test_head_gets_headers_without_a_body(door: FrontDoor, echo: Echo) -> None:
    echo.reply = {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": "hello"}
    answer = request(f"{door.url}/thing", "HEAD")
    assert (answer.status, answer.body, answer.headers["Content-Length"]) == (200, b"", "5")


@pytest.mark.parametrize("method", ["TRACE", "QUERY"])
def test_any_method_reaches_the_function_as_api_gateway_passes_it_on(
    door: FrontDoor, echo: Echo, method: str
) -> None:
    answer = request(f"{door.url}/api/mp", method)
    assert answer.status == 204
    assert echo.events[0]["requestContext"]["http"]["method"] == method
