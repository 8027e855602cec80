"""template.yaml gives the metrics a table of their own and the API function no more access than it uses.

(That every route is an explicit template route is checked with the OpenAPI document.)
"""

from typing import Any

import pytest

from lobbykit.local.cloudformation import load_template
from lobbykit.local.periodic import rate_schedules


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


def api_function(template: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = template["Resources"]["ApiFunction"]["Properties"]
    return properties


def test_the_metrics_table_is_on_demand_recoverable_and_encrypted(template: dict[str, Any]) -> None:
    table = template["Resources"]["MetricsTable"]["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
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
    assert rate_schedules(load_template()) == {"RetryFunction": 300.0}
