"""Reads ``template.yaml`` so that the local stack and the tests build what AWS would build.

Tables are created in (embedded) DynamoDB from the template's own definitions, and a function's
environment is resolved from its ``Environment`` section, so code and template cannot drift.
"""

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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
    """Logical id → the physical name the local stack gives each resource it provisions."""
    return {name: f"{prefix}-{name}" for name in template["Resources"]}


def provision(template: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """Create the template's tables and secrets in the current (embedded) AWS; returns names.

    Only the resource types the code touches are provisioned; functions and the API itself
    are played by the local stack.
    """
    import boto3

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
    return names


def _secret_value(properties: Mapping[str, Any]) -> str:
    """The secret's given value, or a fresh random one where AWS would generate it."""
    if "GenerateSecretString" in properties:
        return secrets.token_urlsafe(36)
    return str(properties.get("SecretString", "{}"))


def function_environment(
    template: Mapping[str, Any], function: str, physical_names: Mapping[str, str]
) -> dict[str, str]:
    """The environment ``function`` gets in AWS, with ``!Ref``s to resources resolved locally.

    References to parameters resolve to their defaults (a parameter without one is left out:
    the caller sets it); references to resources to the physical names given.
    """
    variables: dict[str, Any] = {}
    globals_env = template.get("Globals", {}).get("Function", {}).get("Environment", {})
    variables.update(globals_env.get("Variables", {}))
    properties = template["Resources"][function]["Properties"]
    variables.update(properties.get("Environment", {}).get("Variables", {}))
    parameters = template.get("Parameters", {})
    resolved = {}
    for name, value in variables.items():
        if not (isinstance(value, dict) and "Ref" in value):
            resolved[name] = str(value)
        elif value["Ref"] in physical_names:
            resolved[name] = physical_names[value["Ref"]]
        elif "Default" in parameters[value["Ref"]]:
            resolved[name] = str(parameters[value["Ref"]]["Default"])
    return resolved
