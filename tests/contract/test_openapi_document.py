"""``infra/openapi.yaml`` describes exactly the routes the API function and the template serve."""

import re
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

from lobbykit.handlers.api import SECTIONS, resolver, section_of
from lobbykit.local.cloudformation import load_template

DOCUMENT = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "infra" / "openapi.yaml").read_text(encoding="utf-8")
)


def documented() -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item}


def served_by_the_app() -> set[tuple[str, str]]:
    routes = set()
    for section in SECTIONS:
        app = resolver(section)
        for route in app._static_routes + app._dynamic_routes:  # the resolver keeps no public list
            path = re.sub(r"\(\?P<(\w+)>\[.*?\]\+\)", r"{\1}", route.rule.pattern).strip("^$")
            assert section_of(path) == section, f"{path} is served by the {section} part"
            routes.add((route.method.upper(), path))
    return routes


def routed_by_the_template(template: dict[str, Any]) -> set[tuple[str, str]]:
    events = template["Resources"]["ApiFunction"]["Properties"]["Events"].values()
    return {
        (e["Properties"]["Method"].upper(), e["Properties"]["Path"]) for e in events if e["Type"] == "HttpApi"
    }


def test_the_document_is_valid_openapi() -> None:
    validate(DOCUMENT)


def test_every_route_is_documented_served_and_routed() -> None:
    assert documented() == served_by_the_app()
    assert routed_by_the_template(load_template()) == documented()
