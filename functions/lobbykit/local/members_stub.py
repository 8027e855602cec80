"""A local stand-in for Parliament's Members API, for the offline demo and the tests.

It answers the three routes lobbykit uses, in the API's own shapes: recorded responses are
served verbatim, other answers are built from a recorded item and a small dataset
(``sample_data/members_api/seats.json``, see its SOURCES.md). Tests extend the dataset and
program faults (outages, slowness, garbage, 429, ``text/plain`` bodies), and count the calls.
"""

import copy
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

SAMPLE_DATA = resources.files("lobbykit.local") / "sample_data" / "members_api"


def load_sample_dataset() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLE_DATA / "seats.json").read_text(encoding="utf-8"))
    return data


def _recorded(name: str) -> Any:
    return json.loads((SAMPLE_DATA / "recorded" / name).read_text(encoding="utf-8"))


@dataclass
class Fault:
    """What the stub does instead of answering: ``status`` (with ``body``), ``delay`` seconds first,
    or ``garbage`` bytes. ``times`` counts down; None means for ever."""

    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    garbage: bool = False
    times: int | None = None


class MembersApiStub:
    """Serves on 127.0.0.1 at a free port; ``url`` is the base to give lobbykit."""

    def __init__(
        self, dataset: dict[str, Any] | None = None, content_type: str = "application/json", port: int = 0
    ) -> None:
        self.dataset = dataset if dataset is not None else load_sample_dataset()
        self.content_type = content_type
        self.calls: Counter[str] = Counter()
        self.faults: list[Fault] = []
        self._lock = threading.Lock()
        self._search_template = _recorded("constituency-search-inverness.json")
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="members-stub", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def start(self) -> "MembersApiStub":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "MembersApiStub":
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def fail(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def heal(self) -> None:
        with self._lock:
            self.faults.clear()

    # -- answers --------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, Any]:
        if path == "/api/Location/Constituency/Search":
            return 200, self._constituency_search(query.get("searchText", ""))
        if path == "/api/Members/Search":
            return 200, self._member_search(query.get("Location", ""))
        parts = path.strip("/").split("/")
        if (
            len(parts) == 4
            and parts[:2] == ["api", "Members"]
            and parts[3] == "Contact"
            and parts[2].isdigit()
        ):
            return self._contact(parts[2])
        return 404, None

    def _seat_ids(self, search_text: str) -> list[int]:
        compact = "".join(search_text.split()).upper()
        return [int(seat) for seat in self.dataset["postcodes"].get(compact, [])]

    def _constituency_search(self, search_text: str) -> dict[str, Any]:
        if search_text.strip().lower() == "inverness":
            return dict(copy.deepcopy(self._search_template))
        items = [self._constituency_item(seat) for seat in self._seat_ids(search_text)]
        answer: dict[str, Any] = copy.deepcopy(self._search_template)
        answer.update(
            items=items,
            totalResults=len(items),
            resultContext=f'Result(s) were found based on constituencies in the U.K. matching "{search_text}".',  # noqa: E501
        )
        return answer

    def _constituency_item(self, seat: int) -> dict[str, Any]:
        item: dict[str, Any] = copy.deepcopy(self._search_template["items"][0])
        seat_data = self.dataset["constituencies"][str(seat)]
        value = item["value"]
        value.update(id=seat, name=seat_data["name"], endDate=seat_data.get("end_date"))
        item["links"][0]["href"] = f"/Constituency/{seat}/{seat_data['name']}"
        member_id = seat_data.get("mp")
        if member_id is None:
            value["currentRepresentation"] = None
            return item
        representation = value["currentRepresentation"]
        representation["member"] = self._member_item(member_id, seat, seat_data["name"])
        representation["representation"].update(membershipFrom=seat_data["name"], membershipFromId=seat)
        return item

    def _member_item(self, member_id: int, seat: int, seat_name: str) -> dict[str, Any]:
        member = self.dataset["members"][str(member_id)]
        template = self._search_template["items"][0]["value"]["currentRepresentation"]["member"]
        item: dict[str, Any] = copy.deepcopy(template)
        value = item["value"]
        party_id, party_name, abbreviation = member["party"]
        value.update(
            id=member_id,
            nameDisplayAs=member["name"],
            nameListAs=member["list_as"],
            nameFullTitle=f"{member['name']} MP",
            thumbnailUrl=f"https://members-api.parliament.uk/api/Members/{member_id}/Thumbnail",
        )
        value["latestParty"].update(id=party_id, name=party_name, abbreviation=abbreviation)
        membership = value["latestHouseMembership"]
        membership.update(membershipFrom=seat_name, membershipFromId=seat)
        if "status" in member:
            active, description = member["status"]
            membership["membershipStatus"].update(statusIsActive=active, statusDescription=description)
        for link in item["links"]:
            link["href"] = link["href"].replace("5362", str(member_id))
        return item

    def _member_search(self, location: str) -> dict[str, Any]:
        """Current MPs for a location; ``member_search`` in the dataset overrides the seats."""
        compact = "".join(location.split()).upper()
        seats = self.dataset.get("member_search", {}).get(compact) or self._seat_ids(location)
        items = []
        for seat in seats:
            seat_data = self.dataset["constituencies"][str(seat)]
            if seat_data.get("mp") is not None and seat_data.get("end_date") is None:
                items.append(self._member_item(seat_data["mp"], seat, seat_data["name"]))
        return {
            "items": items,
            "totalResults": len(items),
            "resultContext": "",
            "skip": 0,
            "take": 20,
            "links": [],
        }

    def _contact(self, member_id: str) -> tuple[int, Any]:
        if member_id == "4514":
            return 200, _recorded("member-4514-contact-starmer.json")
        if member_id not in self.dataset["members"]:
            return 404, None
        entries = [
            {"typeDescription": None, "isPreferred": False, "isWebAddress": False, "notes": None} | entry
            for entry in self.dataset["contacts"].get(member_id, [])
        ]
        links = [{"rel": "self", "href": f"/Members/{member_id}/Contact", "method": "GET"}]
        return 200, {"value": entries, "links": links}

    # -- HTTP -----------------------------------------------------------------------------

    def _next_fault(self) -> Fault | None:
        with self._lock:
            if not self.faults:
                return None
            fault = self.faults[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.pop(0)
            return fault

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
                with stub._lock:
                    stub.calls[parts.path] += 1
                fault = stub._next_fault()
                if fault is not None and fault.delay:
                    time.sleep(fault.delay)
                if fault is not None and fault.garbage:
                    self._send(200, b"<html>Service temporarily unavailable</html>", stub.content_type)
                elif fault is not None and fault.status is not None:
                    self._send(fault.status, fault.body, "text/plain", fault.headers)
                else:
                    status, body = stub.answer(parts.path, query)
                    payload = json.dumps(body).encode() if body is not None else b""
                    self._send(status, payload, stub.content_type)

            def _send(
                self, status: int, payload: bytes, content_type: str, headers: dict[str, str] | None = None
            ) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test): nothing to tell it

            def log_message(self, format: str, *args: Any) -> None:
                """Silence per-request logging; tests read ``calls`` instead."""

        return Handler
