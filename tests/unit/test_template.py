"""template.yaml gives the metrics a table of their own and the API function no more access than it uses;
every email goes out with a configuration set whose bounces and complaints reach a function; the
tables of records outlive the stack; and CloudWatch can actually notify the alarm topic.

(That every route is an explicit template route is checked with the OpenAPI document.)
"""

import re
from pathlib import Path
from typing import Any

import pytest

from lobbykit.local.cloudformation import load_template
from lobbykit.local.functions import import_handler
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
        "dynamodb:Query",
        "dynamodb:UpdateItem",
    ]
    everything = repr(statements)
    assert "'*'" not in everything
    assert ":*" not in everything
    assert "dynamodb:Scan" not in everything


def test_the_local_stack_plays_the_retry_function_every_five_minutes() -> None:
    assert rate_schedules(load_template()) == {"RetryFunction": 300.0}


def test_every_table_keeps_backups_for_the_deployers_period_which_the_privacy_text_states(
    template: dict[str, Any],
) -> None:
    parameter = template["Parameters"]["PointInTimeRecoveryDays"]
    assert (parameter["Type"], parameter["Default"], parameter["MaxValue"]) == ("Number", 7, 35)
    # Organiser page sessions last eight hours: nothing in them is worth restoring.
    tables = [
        resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::DynamoDB::Table" and name != "SessionsTable"
    ]
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


# -- bounces and complaints (issue 13) ----------------------------------------------------------


def of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def test_the_stack_always_has_a_configuration_set_and_every_sending_function_uses_it(
    template: dict[str, Any],
) -> None:
    assert "SesConfigurationSet" not in template["Parameters"]
    [(name, configuration_set)] = of_type(template, "AWS::SES::ConfigurationSet").items()
    assert "Condition" not in configuration_set
    senders = {
        function
        for function, resource in of_type(template, "AWS::Serverless::Function").items()
        if "ses:SendEmail" in repr(resource["Properties"].get("Policies"))
    }
    assert senders == {"ApiFunction", "RetryFunction"}
    for function in senders:
        variables = template["Resources"][function]["Properties"]["Environment"]["Variables"]
        assert variables["LOBBYKIT_SES_CONFIGURATION_SET"] == {"Ref": name}


def test_the_configuration_set_publishes_bounces_and_complaints_to_the_default_event_bus(
    template: dict[str, Any],
) -> None:
    [destination] = of_type(template, "AWS::SES::ConfigurationSetEventDestination").values()
    assert destination["Properties"]["ConfigurationSetName"] == {"Ref": "MailConfigurationSet"}
    published = destination["Properties"]["EventDestination"]
    assert published["Enabled"] is True
    assert sorted(published["MatchingEventTypes"]) == ["bounce", "complaint"]
    assert published["EventBridgeDestination"]["EventBusArn"] == {
        "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"
    }


def test_this_stacks_bounces_and_complaints_reach_the_mail_events_function(template: dict[str, Any]) -> None:
    function = template["Resources"]["MailEventsFunction"]
    assert function["Metadata"] == {"BuildMethod": "makefile"}
    assert import_handler(function["Properties"]["Handler"]).__module__ == "lobbykit.handlers.mail_events"
    [rule] = [e for e in function["Properties"]["Events"].values() if e["Type"] == "EventBridgeRule"]
    pattern = rule["Properties"]["Pattern"]
    assert pattern["source"] == ["aws.ses"]
    assert sorted(pattern["detail-type"]) == ["Email Bounced", "Email Complaint Received"]
    assert pattern["detail"]["mail"]["tags"]["ses:configuration-set"] == [{"Ref": "MailConfigurationSet"}]


def test_every_resource_built_by_the_makefile_has_its_build_rule(template: dict[str, Any]) -> None:
    """Functions share the pattern rule ``build-%Function``; layers have their own rules."""
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    rules = [
        re.compile(target.replace("%", r"\w+") + "$")
        for line in re.findall(r"^(build-[\w%]+(?: build-[\w%]+)*):", makefile, flags=re.MULTILINE)
        for target in line.split()
    ]
    built = [
        name
        for name, resource in template["Resources"].items()
        if resource.get("Metadata", {}).get("BuildMethod") == "makefile"
    ]
    assert len(built) >= 6  # four functions and two layers
    assert [name for name in built if not any(rule.match(f"build-{name}") for rule in rules)] == []


# -- infrastructure (issue 13) ------------------------------------------------------------------


def test_the_alarm_topic_is_encrypted_with_a_key_cloudwatch_may_use(template: dict[str, Any]) -> None:
    topic = template["Resources"]["AlarmTopic"]["Properties"]
    assert topic["KmsMasterKeyId"] != "alias/aws/sns"  # its policy cannot let CloudWatch in
    [key_name] = topic["KmsMasterKeyId"]["Fn::GetAtt"][:1]
    key = template["Resources"][key_name]
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True
    for_cloudwatch = [
        s
        for s in key["Properties"]["KeyPolicy"]["Statement"]
        if s["Effect"] == "Allow" and s["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    ]
    assert [sorted(s["Action"]) for s in for_cloudwatch] == [["kms:Decrypt", "kms:GenerateDataKey*"]]
    [alarm_topic_publishers] = template["Resources"]["AlarmTopicPolicy"]["Properties"]["PolicyDocument"][
        "Statement"
    ]
    assert alarm_topic_publishers["Principal"] == {"Service": "cloudwatch.amazonaws.com"}


def test_every_table_of_records_survives_a_stack_deletion_or_replacement(template: dict[str, Any]) -> None:
    tables = of_type(template, "AWS::DynamoDB::Table")
    # Members API answers and rate counters are rebuildable; organiser page sessions last 8 hours.
    records = set(tables) - {"CacheTable", "SessionsTable"}
    assert records == {"ActionsTable", "MetricsTable", "SocialTable"}
    for name in records:
        table = tables[name]
        assert (table.get("DeletionPolicy"), table.get("UpdateReplacePolicy")) == ("Retain", "Retain"), name
        assert table["Properties"]["DeletionProtectionEnabled"] == {
            "Fn::If": ["DeletionProtected", True, False]
        }, name
    assert template["Parameters"]["DeletionProtection"]["Default"] == "true"
