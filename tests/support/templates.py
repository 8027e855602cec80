"""Test copies of ``template.yaml`` with resources the real one does not (yet) have."""

import copy
from typing import Any

SCHEDULED_HANDLER = "tests.support.scheduled.record"


def with_scheduled_function(template: dict[str, Any]) -> dict[str, Any]:
    """The template plus a function that schedules may target, its dead-letter queue, a
    schedule group, and an ``!GetAtt ...Arn`` in the API function's environment, as the publish
    function will have."""
    copied = copy.deepcopy(template)
    resources = copied["Resources"]
    resources["TickFunction"] = {
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "Handler": SCHEDULED_HANDLER,
            "Timeout": 30,
            "Environment": {"Variables": {"TICK_QUEUE": {"Ref": "TickDeadLetters"}}},
        },
    }
    resources["TickDeadLetters"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
    resources["Moments"] = {"Type": "AWS::Scheduler::ScheduleGroup", "Properties": {}}
    api_variables = resources["ApiFunction"]["Properties"]["Environment"]["Variables"]
    api_variables["LOBBYKIT_TICK_FUNCTION_ARN"] = {"Fn::GetAtt": ["TickFunction", "Arn"]}
    api_variables["LOBBYKIT_MOMENTS_GROUP"] = {"Ref": "Moments"}
    return copied
