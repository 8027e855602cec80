"""Schemathesis against ``infra/openapi.yaml`` on an in-process local stack (offline data).

Every documented operation gets generated paths, queries, headers and bodies, valid and not. Each
answer must be no 5xx, a documented status, the documented content type and, for JSON, match the
documented schema. Bounded (``MAX_EXAMPLES`` per operation, a fixed derandomised search) so it is
the same run every time and fits in ``make test``.

Rate limits count per client address, so each case comes from its own loopback address
(``tests.support.loopback``): otherwise after twenty submissions every later one would be a
documented 429 and the fuzzer would learn nothing more about the form.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lobbykit.local.stack import LocalStack
from tests.support.loopback import LoopbackClients

DOCUMENT = Path(__file__).resolve().parents[2] / "infra" / "openapi.yaml"
MAX_EXAMPLES = 25
# A made-up campaign is a 404 before anything else is read: the real one lets every body through.
CAMPAIGN = "send-in-the-specialists"
pytestmark = pytest.mark.fuzz
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with LocalStack(port=0, offline=True) as running:
        yield running


@pytest.fixture(scope="module")
def clients() -> Iterator[LoopbackClients]:
    with LoopbackClients() as sessions:
        yield sessions


def _schema() -> schemathesis.BaseSchema:
    config = schemathesis.Config()
    config.projects.default.update(request_timeout=30, parameters={"path.campaign": CAMPAIGN})
    config.projects.default.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none")
    return schemathesis.openapi.from_path(DOCUMENT, config=config)


schema = _schema()


@schema.parametrize()
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, stack: LocalStack, clients: LoopbackClients
) -> None:
    case.call_and_validate(
        base_url=stack.url,
        session=clients.next(),
        headers={"Authorization": f"Bearer {stack.token}"},
        checks=CHECKS,
    )
