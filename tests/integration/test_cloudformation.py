"""The template as the local stack reads it: ARNs, environments and provisioned resources."""

from typing import Any

import boto3
import pytest

from lobbykit.local import cloudformation
from tests.support.templates import with_scheduled_function


@pytest.fixture
def extended(template: dict[str, Any]) -> dict[str, Any]:
    return with_scheduled_function(template)


def test_getatt_arn_of_a_function_is_the_arn_the_scheduler_expects(extended: dict[str, Any]) -> None:
    names = cloudformation.physical_names(extended, "local")
    environment = cloudformation.function_environment(extended, "ApiFunction", names)
    assert environment["LOBBYKIT_TICK_FUNCTION_ARN"] == (
        "arn:aws:lambda:eu-west-2:123456789012:function:local-TickFunction"
    )
    assert environment["LOBBYKIT_MOMENTS_GROUP"] == "local-Moments"
    assert environment["LOBBYKIT_MEMBERS_API_URL"] == "https://members-api.parliament.uk"
    assert environment["POWERTOOLS_SERVICE_NAME"] == "lobbykit"


def test_an_intrinsic_the_local_stack_cannot_resolve_is_named(extended: dict[str, Any]) -> None:
    variables = extended["Resources"]["ApiFunction"]["Properties"]["Environment"]["Variables"]
    variables["SOMETHING"] = {"Fn::Join": ["-", ["a", "b"]]}
    with pytest.raises(NotImplementedError, match="Fn::Join"):
        cloudformation.function_environment(
            extended, "ApiFunction", cloudformation.physical_names(extended, "local")
        )


def test_queues_and_schedule_groups_are_provisioned(aws: None, extended: dict[str, Any]) -> None:
    names = cloudformation.provision(extended, prefix="test")
    assert boto3.client("sqs").get_queue_url(QueueName=names["TickDeadLetters"])["QueueUrl"]
    group = boto3.client("scheduler").get_schedule_group(Name=names["Moments"])
    assert group["Arn"] == cloudformation.arn(extended, "Moments", names)
