"""What SAM packages for Lambda is what pyproject.toml declares."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def requirement_lines(path: Path) -> set[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def test_lambda_requirements_match_the_runtime_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = set(project["dependencies"]) | set(project["optional-dependencies"]["social"])
    assert requirement_lines(ROOT / "functions" / "requirements.txt") == declared
