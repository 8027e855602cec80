"""Bodies are read through powertools' event (base64 undone, JSON parsed), with our limits and messages."""

import base64

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from lobbykit.domain.errors import InvalidInput, PayloadTooLarge
from lobbykit.handlers.requests import MAX_BODY_BYTES, form_body, json_body, text_body
from lobbykit.local.apigw import http_api_event


def event(body: bytes | str | None, *, encode: bool = False) -> APIGatewayProxyEventV2:
    raw = http_api_event("POST", "/api/x", body=body)
    if encode and isinstance(body, str):  # API Gateway may base64 any body it chooses to
        raw.update(body=base64.b64encode(body.encode()).decode(), isBase64Encoded=True)
    return APIGatewayProxyEventV2(raw)


@pytest.mark.parametrize("encode", [False, True])
def test_json_and_forms_read_the_same_whether_or_not_api_gateway_encoded_them(encode: bool) -> None:
    assert json_body(event('{"name": "Siân"}', encode=encode)) == {"name": "Siân"}
    assert form_body(event("name=Si%C3%A2n&name=Jo&empty=", encode=encode)) == {"name": "Jo", "empty": ""}


def test_an_empty_body_is_no_document_and_an_empty_form() -> None:
    assert json_body(event(None)) is None
    assert form_body(event("")) == {}


def test_the_limit_counts_bytes_not_characters() -> None:
    fits = "é" * (MAX_BODY_BYTES // 2)
    assert text_body(event(fits)) == fits
    with pytest.raises(PayloadTooLarge, match="16 KB"):
        text_body(event(fits + "é"))
    with pytest.raises(PayloadTooLarge):
        json_body(event('"' + "x" * MAX_BODY_BYTES + '"'), MAX_BODY_BYTES)
    assert json_body(event('"' + "x" * MAX_BODY_BYTES + '"'), 2 * MAX_BODY_BYTES) == "x" * MAX_BODY_BYTES


def test_what_is_not_utf8_or_not_json_is_refused_with_a_message_for_a_person() -> None:
    latin1 = "name=Si\xe2n".encode("latin-1")  # base64-encoded by API Gateway: not UTF-8
    with pytest.raises(InvalidInput) as form:
        form_body(event(latin1))
    assert form.value.code == "invalid_form"
    for body in (latin1, "{not json"):
        with pytest.raises(InvalidInput) as document:
            json_body(event(body))
        assert document.value.code == "invalid_json"
