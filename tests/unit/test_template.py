"""template.yaml gives the metrics a table of their own and the API function no more access than it uses.

(That every route is an explicit template route is checked with the OpenAPI document.)
"""

from typing import Any

import pytest

from lobbykit.local.cloudformation import load_template


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


def api_function(template: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = template["Resources"]["ApiFunction"]["Properties"]
    return properties


def test_the_metrics_table_is_on_demand_recoverable_and_encrypted(template: dict[str, Any]) -> None:
    table = template["Resources"]["MetricsTable"]["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"] == {"SSEEnabled": True}
    assert [key["AttributeName"] for key in table["KeySchema"]] == ["pk", "sk"]
    variables = api_function(template)["Environment"]["Variables"]
    assert variables["LOBBYKIT_METRICS_TABLE"] == {"Ref": "MetricsTable"}


def test_the_function_may_count_and_read_counters_on_that_table_only_and_never_scan(
    template: dict[str, Any],
) -> None:
    statements = [s for policy in api_function(template)["Policies"] for s in policy["Statement"]]
    on_metrics = [s for s in statements if s["Resource"] == {"Fn::GetAtt": ["MetricsTable", "Arn"]}]
    assert len(on_metrics) == 1
    assert sorted(on_metrics[0]["Action"]) == [
        "dynamodb:BatchGetItem",
        "dynamodb:DeleteItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
    ]
    everything = repr(statements)
    assert "'*'" not in everything
    assert ":*" not in everything
    assert "dynamodb:Scan" not in everything


def test_the_local_stack_plays_the_retry_function_every_five_minutes() -> None:
    from lobbykit.local.cloudformation import load_template
    from lobbykit.local.periodic import rate_schedules

    assert rate_schedules(load_template()) == {"RetryFunction": 300.0}


def test_every_table_keeps_backups_for_the_deployers_period_which_the_privacy_text_states(
    template: dict[str, Any],
) -> None:
    parameter = template["Parameters"]["PointInTimeRecoveryDays"]
    assert (parameter["Type"], parameter["Default"], parameter["MaxValue"]) == ("Number", 7, 35)
    tables = [r for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]
    assert len(tables) == 4
    for table in tables:
        assert table["Properties"]["PointInTimeRecoverySpecification"] == {
            "PointInTimeRecoveryEnabled": True,
            "RecoveryPeriodInDays": {"Ref": "PointInTimeRecoveryDays"},
        }
    variables = api_function(template)["Environment"]["Variables"]
    assert variables["LOBBYKIT_BACKUP_DAYS"] == {"Ref": "PointInTimeRecoveryDays"}


def test_tracing_never_captures_responses_or_errors(template: dict[str, Any]) -> None:
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["POWERTOOLS_TRACER_CAPTURE_RESPONSE"] == "false"
    assert variables["POWERTOOLS_TRACER_CAPTURE_ERROR"] == "false"
    functions = [r for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    for function in functions:
        own = function["Properties"].get("Environment", {}).get("Variables", {})
        assert not {"POWERTOOLS_TRACER_CAPTURE_RESPONSE", "POWERTOOLS_TRACER_CAPTURE_ERROR"} & set(own)


def test_no_deployed_function_is_told_it_is_the_local_stack(template: dict[str, Any]) -> None:
    assert "LOBBYKIT_LOCAL_STACK" not in str(template)
