"""What SAM ships: pyproject.toml's dependencies, locked with hashes, in layers built once.

`sam build` is not run here (it takes a minute); these read the locks, the template and the
Makefile's build recipes (``make -n``), and run a function's own recipe, which only copies files.
"""

import importlib.metadata
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from lobbykit.local.cloudformation import load_template

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "functions" / "layers"
MAKE = ["make", "--no-print-directory", "-C", str(ROOT)]
MOST_A_FUNCTION_SHIPS = 5 * 1024 * 1024  # bytes, built (issue 14)


def locked(name: str) -> dict[str, tuple[Version, int]]:
    """The lock's pins: canonical name → (version, how many hashes follow it)."""
    pins: dict[str, tuple[Version, int]] = {}
    current = ""
    for line in (LOCKS / name).read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if "==" in text and not text.startswith(("#", "--")):
            project, version = text.rstrip(" \\").split("==")
            current = canonicalize_name(project)
            pins[current] = (Version(version), 0)
        elif text.startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def project() -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return table


def dry_run(target: str) -> str:
    """The commands ``make target`` would run, as sam build runs it."""
    done = subprocess.run(  # noqa: S603 - make on our own Makefile
        [*MAKE, "-n", target, "ARTIFACTS_DIR=/artefacts"], capture_output=True, text=True, check=True
    )
    return done.stdout


def built_by_make(kind: str) -> list[str]:
    return [
        name
        for name, resource in load_template()["Resources"].items()
        if resource["Type"] == kind and resource.get("Metadata", {}).get("BuildMethod") == "makefile"
    ]


@pytest.mark.parametrize(("lock", "requirements"), [("core.txt", "dependencies"), ("social.txt", "social")])
def test_each_declared_dependency_is_locked_at_a_version_its_specifier_allows(
    lock: str, requirements: str
) -> None:
    declared = project()["dependencies"] if requirements == "dependencies" else []
    declared += project()["optional-dependencies"].get(requirements, [])
    pins = locked(lock)
    for requirement in map(Requirement, declared):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run `make lock`"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} has {name}=={version}, which {requirement} refuses: run `make lock`"
        )


def test_every_pin_has_its_hashes_and_no_package_is_in_both_layers() -> None:
    core, social = locked("core.txt"), locked("social.txt")
    assert not [name for name, (_, hashes) in {**core, **social}.items() if hashes == 0]
    assert not set(core) & set(social)


def test_jinja2_is_a_release_without_the_published_sandbox_escapes() -> None:
    assert locked("core.txt")["jinja2"][0] >= Version("3.1.6")


def test_the_locks_and_the_layers_are_for_the_functions_runtime() -> None:
    function = load_template()["Globals"]["Function"]
    assert (function["Runtime"], function["Architectures"]) == ("python3.12", ["arm64"])
    assert "--python-platform aarch64-manylinux2014 --python-version 3.12" in dry_run("lock")
    for layer in built_by_make("AWS::Serverless::LayerVersion"):
        assert "--platform manylinux2014_aarch64 --only-binary=:all: --python-version 3.12" in dry_run(
            f"build-{layer}"
        )


@pytest.mark.parametrize(
    ("layer", "lock"), [("DependenciesLayer", "core.txt"), ("SocialClientsLayer", "social.txt")]
)
def test_a_layer_installs_its_lock_with_hashes_and_resolves_nothing(layer: str, lock: str) -> None:
    commands = dry_run(f"build-{layer}")
    assert "--require-hashes" in commands
    assert "--no-deps" in commands
    assert commands.count("--requirement") == 1
    assert f"--requirement functions/layers/{lock}" in commands
    assert '--target "/artefacts/python"' in commands


def test_every_function_has_the_dependencies_layer_and_every_layer_is_built_by_make() -> None:
    template = load_template()
    assert template["Globals"]["Function"]["Layers"] == [{"Ref": "DependenciesLayer"}]
    layers = [
        name for name, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::LayerVersion"
    ]
    assert sorted(built_by_make("AWS::Serverless::LayerVersion")) == sorted(layers)


@pytest.mark.parametrize("function", built_by_make("AWS::Serverless::Function"))
def test_a_function_ships_its_own_code_only(function: str, tmp_path: Path) -> None:
    assert "pip" not in dry_run(f"build-{function}"), "the dependencies belong in the layers"
    subprocess.run(  # noqa: S603 - make on our own Makefile
        [*MAKE, f"build-{function}", f"ARTIFACTS_DIR={tmp_path}"], capture_output=True, check=True
    )
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["lobbykit", "templates"]
    assert not (tmp_path / "lobbykit" / "local").exists()
    size = sum(path.stat().st_size for path in tmp_path.rglob("*") if path.is_file())
    assert size < MOST_A_FUNCTION_SHIPS


def test_functions_without_the_social_clients_layer_start_without_its_packages() -> None:
    """Their handlers import, with every module of the social layer's packages refused."""
    template = load_template()
    handlers = [
        template["Resources"][name]["Properties"]["Handler"].rsplit(".", 1)[0]
        for name in built_by_make("AWS::Serverless::Function")
        if {"Ref": "SocialClientsLayer"} not in template["Resources"][name]["Properties"].get("Layers", [])
    ]
    social = set(locked("social.txt"))
    modules = sorted(
        module
        for module, distributions in importlib.metadata.packages_distributions().items()
        if social & {canonicalize_name(d) for d in distributions}
    )
    script = (
        "import importlib, sys\n"
        f"for module in {modules!r}: sys.modules[module] = None\n"
        f"for handler in {handlers!r}: importlib.import_module(handler)\n"
    )
    environment = {**os.environ, "AWS_DEFAULT_REGION": "eu-west-2", "POWERTOOLS_SERVICE_NAME": "lobbykit"}
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=False
    )
    assert handlers
    assert done.returncode == 0, done.stderr
