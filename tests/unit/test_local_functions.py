"""The template's functions as the local stack runs them: environments, handlers, senders."""

import copy
from pathlib import Path
from typing import Any

import pytest

from lobbykit.adapters.campaign_files import CampaignFiles
from lobbykit.local import cloudformation
from lobbykit.local.functions import LocalFunctions, UnknownFunction
from lobbykit.local.ses import campaign_senders
from tests.support.templates import with_scheduled_function

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def extended(template: dict[str, Any]) -> dict[str, Any]:
    return with_scheduled_function(template)


def functions_of(template: dict[str, Any], **options: Any) -> LocalFunctions:
    return LocalFunctions(template, cloudformation.physical_names(template, "local"), **options)


def test_every_functions_environment_is_merged(extended: dict[str, Any]) -> None:
    environment = functions_of(extended).environment()
    assert (
        environment["TICK_QUEUE"] == "https://sqs.eu-west-2.amazonaws.com/123456789012/local-TickDeadLetters"
    )
    assert environment["LOBBYKIT_CACHE_TABLE"] == "local-CacheTable"


def test_a_variable_two_functions_disagree_on_keeps_the_first(extended: dict[str, Any]) -> None:
    changed = copy.deepcopy(extended)
    changed["Resources"]["TickFunction"]["Properties"]["Environment"]["Variables"]["LOBBYKIT_CACHE_TABLE"] = (
        "x"
    )
    assert functions_of(changed).environment()["LOBBYKIT_CACHE_TABLE"] == "local-CacheTable"


def test_handlers_are_looked_up_by_arn_and_loaded_once(extended: dict[str, Any]) -> None:
    loaded: list[str] = []

    def load(handler: str) -> Any:
        loaded.append(handler)
        return lambda event, context: (event, context.function_name, context.memory_limit_in_mb)

    functions = functions_of(extended, load=load)
    arn = functions.arn("ApiFunction")
    assert arn == "arn:aws:lambda:eu-west-2:123456789012:function:local-ApiFunction"
    assert functions.invoke(arn, {"a": 1}) == ({"a": 1}, "local-ApiFunction", 512)
    functions.invoke(arn, {"a": 2})
    assert loaded == ["lobbykit.handlers.api.lambda_handler"]
    with pytest.raises(UnknownFunction, match="elsewhere"):
        functions.invoke("arn:aws:lambda:eu-west-2:123456789012:function:elsewhere", {})


def test_campaign_senders_come_from_each_campaign_toml() -> None:
    campaigns = CampaignFiles(ROOT / "templates" / "campaigns")
    assert campaign_senders(campaigns) == ["letters@sendinthespecialists.example"]
