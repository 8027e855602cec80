"""Reads ``template.yaml`` so that the local stack and the tests build what AWS would build.

Tables, queues and schedule groups are created in (embedded) AWS from the template's own
definitions, and a function's environment is resolved from its ``Environment`` section
(``!Ref``, ``!GetAtt X.Arn`` and ``!Sub``, with local names and ARNs), so code and template cannot
drift.
"""

import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import boto3
import yaml

TEMPLATE = Path(__file__).resolve().parents[3] / "template.yaml"
TABLE_PROPERTIES = (
    "AttributeDefinitions",
    "KeySchema",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "BillingMode",
    "StreamSpecification",
)
STACK_NAME = "AWS::StackName"
LOCAL_REGION = "eu-west-2"
LOCAL_ACCOUNT = "123456789012"  # moto's default account
PSEUDO_PARAMETERS = {
    "AWS::Region": LOCAL_REGION,
    "AWS::AccountId": LOCAL_ACCOUNT,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
}
ARN_SHAPES = {
    "AWS::Serverless::Function": "arn:aws:lambda:{region}:{account}:function:{name}",
    "AWS::SQS::Queue": "arn:aws:sqs:{region}:{account}:{name}",
    "AWS::IAM::Role": "arn:aws:iam::{account}:role/{name}",
    "AWS::Scheduler::ScheduleGroup": "arn:aws:scheduler:{region}:{account}:schedule-group/{name}",
    "AWS::DynamoDB::Table": "arn:aws:dynamodb:{region}:{account}:table/{name}",
}
NAME_PROPERTIES = ("FunctionName", "QueueName", "RoleName", "Name", "TableName")
_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")


class _CloudFormationLoader(yaml.SafeLoader):
    """Keeps short-form intrinsics (``!Ref X``) as ``{"Ref": "X"}``-style mappings."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    document: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_CloudFormationLoader)  # noqa: S506 - SafeLoader subclass
    return document


def resources_of_type(template: Mapping[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == kind}


def physical_names(template: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """Logical id → the physical name the local stack gives each resource it provisions.

    ``prefix`` plays the stack's name (``AWS::StackName``, kept in the mapping too); a resource
    the template names itself (e.g. ``FunctionName: !Sub "${AWS::StackName}-publish"``) keeps
    that name, as it would in AWS.
    """
    names = {STACK_NAME: prefix}
    for logical_id, resource in template["Resources"].items():
        properties = resource.get("Properties", {})
        given = next((properties[key] for key in NAME_PROPERTIES if key in properties), None)
        resolved = _resolve(given, template, names) if given is not None else None
        names[logical_id] = resolved or f"{prefix}-{logical_id}"
    return names


def provision(template: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """Create the template's tables, secrets, queues, schedule groups and SES configuration sets
    in the current (embedded) AWS; returns names.

    Only the resource types the code touches are provisioned; functions and the API itself
    are played by the local stack.
    """
    names = physical_names(template, prefix)
    dynamodb = boto3.client("dynamodb")
    for logical_id, resource in resources_of_type(template, "AWS::DynamoDB::Table").items():
        properties = resource["Properties"]
        arguments = {key: properties[key] for key in TABLE_PROPERTIES if key in properties}
        dynamodb.create_table(TableName=names[logical_id], **arguments)
        ttl = properties.get("TimeToLiveSpecification")
        if ttl is not None:
            dynamodb.update_time_to_live(TableName=names[logical_id], TimeToLiveSpecification=ttl)
    secretsmanager = boto3.client("secretsmanager")
    for logical_id, resource in resources_of_type(template, "AWS::SecretsManager::Secret").items():
        secretsmanager.create_secret(
            Name=names[logical_id], SecretString=_secret_value(resource["Properties"])
        )
    sqs = boto3.client("sqs")
    for logical_id in resources_of_type(template, "AWS::SQS::Queue"):
        sqs.create_queue(QueueName=names[logical_id])
    scheduler = boto3.client("scheduler")
    for logical_id in resources_of_type(template, "AWS::Scheduler::ScheduleGroup"):
        scheduler.create_schedule_group(Name=names[logical_id])
    sesv2 = boto3.client("sesv2")
    for logical_id in resources_of_type(template, "AWS::SES::ConfigurationSet"):
        sesv2.create_configuration_set(ConfigurationSetName=names[logical_id])
    return names


def _secret_value(properties: Mapping[str, Any]) -> str:
    """The secret's given value, or a fresh random one where AWS would generate it."""
    if "GenerateSecretString" in properties:
        return secrets.token_urlsafe(36)
    return str(properties.get("SecretString", "{}"))


def function_environment(
    template: Mapping[str, Any], function: str, physical_names: Mapping[str, str]
) -> dict[str, str]:
    """The environment ``function`` gets in AWS, with references resolved locally.

    References to parameters resolve to their defaults (a parameter without one is for the
    deployer to give, so its variable is left unset); references to resources to the physical
    names given (e.g. the local table names), ``!GetAtt X.Arn`` to a local ARN of the right shape.
    """
    variables: dict[str, Any] = {}
    globals_env = template.get("Globals", {}).get("Function", {}).get("Environment", {})
    variables.update(globals_env.get("Variables", {}))
    properties = template["Resources"][function]["Properties"]
    variables.update(properties.get("Environment", {}).get("Variables", {}))
    resolved = {}
    for name, value in variables.items():
        local = _resolve(value, template, physical_names)
        if local is not None:
            resolved[name] = local
    return resolved


def _resolve(value: Any, template: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    if isinstance(value, dict) and "Ref" in value:
        return _reference(value["Ref"], template, names)
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        logical_id, attribute = value["Fn::GetAtt"]
        if attribute != "Arn":
            raise NotImplementedError(f"!GetAtt {logical_id}.{attribute} has no local value yet")
        return arn(template, logical_id, names)
    if isinstance(value, dict) and "Fn::Sub" in value:
        return _SUB_VARIABLE.sub(
            lambda match: _sub_variable(match.group(1), template, names), value["Fn::Sub"]
        )
    if isinstance(value, dict):
        raise NotImplementedError(f"{value} has no local value yet")
    return str(value)


def _sub_variable(variable: str, template: Mapping[str, Any], names: Mapping[str, str]) -> str:
    logical_id, _, attribute = variable.partition(".")
    if attribute:
        return _resolve({"Fn::GetAtt": [logical_id, attribute]}, template, names) or ""
    return _reference(logical_id, template, names) or ""


def _reference(target: str, template: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    if target in PSEUDO_PARAMETERS:
        return PSEUDO_PARAMETERS[target]
    if target in names:
        if template["Resources"].get(target, {}).get("Type") == "AWS::SQS::Queue":
            return f"https://sqs.{LOCAL_REGION}.amazonaws.com/{LOCAL_ACCOUNT}/{names[target]}"
        return names[target]
    default = template.get("Parameters", {})[target].get("Default")
    return None if default is None else str(default)


def arn(template: Mapping[str, Any], logical_id: str, names: Mapping[str, str]) -> str:
    """What ``!GetAtt <logical_id>.Arn`` is locally. A function's is the ARN its schedules
    target, so the local scheduler finds the function by it (``local.functions``)."""
    shape = ARN_SHAPES[template["Resources"][logical_id]["Type"]]
    return shape.format(region=LOCAL_REGION, account=LOCAL_ACCOUNT, name=names[logical_id])
