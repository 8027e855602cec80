"""The dependency audit in ``make test``: pip-audit over every package installed in ``.venv``
and every package the Lambda layers ship (``functions/layers/*.txt``, which ``.venv`` may hold
at other versions or not at all).

A known vulnerability fails the build. But pip-audit reads vulnerabilities from PyPI's per-version
JSON API, and some build machines (this project's own among them) reach PyPI's package index
only through a mirror that does not serve it: every package then comes back "not found", which
pip-audit reports as a pass. A package that could not be looked up is not a clean one, so this
says so in a warning nobody can miss, naming how many were not checked, and lets the build go
on: it has nothing wrong to report, and failing would make every build on such a machine red.
"""

import importlib.metadata
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OWN = {"lobbykit"}  # installed from this checkout: not on PyPI
LOCKS = Path(__file__).resolve().parents[1] / "functions" / "layers"
BANNER = "#" * 78
AUDITED = ".venv and the Lambda layers' locks"


@dataclass
class Verdict:
    failed: bool  # a known vulnerability: the build fails
    lines: list[str] = field(default_factory=list)
    warned: bool = False  # packages left unchecked: the build goes on, loudly


def installed() -> list[str]:
    """``name==version`` (names normalised as PyPI's are) for each package here but our own."""
    pins = {
        f"{name}=={dist.version}"
        for dist in importlib.metadata.distributions()
        if (name := re.sub(r"[-_.]+", "-", dist.metadata["Name"] or "").lower()) and name not in OWN
    }
    return sorted(pins)


def locked() -> list[str]:
    """``name==version`` for each package the Lambda layers install (their locks' pins)."""
    pins = {
        re.sub(r"\s*\\$", "", line)
        for lock in sorted(LOCKS.glob("*.txt"))
        for line in lock.read_text(encoding="utf-8").splitlines()
        if re.match(r"[A-Za-z0-9]", line) and "==" in line
    }
    return sorted(pins)


def judge(report: dict[str, Any] | None, problem: str) -> Verdict:
    """What pip-audit's JSON report means for the build; ``None`` when it produced none."""
    if report is None:
        return _unchecked(f"pip-audit could not run: {problem or 'no report'}", checked=0, total=None)
    dependencies = report.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    if vulnerable:
        lines = ["Known vulnerabilities in installed packages (upgrade them, then run `make test`):"]
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
                lines.append(f"  {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
        return Verdict(failed=True, lines=lines)
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    if skipped:
        return _unchecked(
            skipped[0]["skip_reason"], checked=len(dependencies) - len(skipped), total=len(dependencies)
        )
    return Verdict(
        failed=False,
        lines=[f"Dependency audit: no known vulnerabilities in {len(dependencies)} packages ({AUDITED})."],
    )


def _unchecked(reason: str, checked: int, total: int | None) -> Verdict:
    counted = f"{checked} of {total}" if total is not None else "none of the"
    return Verdict(
        failed=False,
        warned=True,
        lines=[
            BANNER,
            "WARNING: the dependency audit could not check every package, so it proves nothing",
            f"about them: {counted} packages were checked, and no vulnerability was found.",
            "The vulnerability service (PyPI's JSON API) was probably not reachable from here.",
            f"First reason given: {reason}",
            "Run `make audit` where pypi.org is reachable before a release.",
            BANNER,
        ],
    )


def run_pip_audit(pins: list[str]) -> tuple[dict[str, Any] | None, str]:
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("\n".join(pins) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "pip_audit", "--requirement", str(requirements), "--no-deps"]
        command += ["--disable-pip", "--format", "json", "--progress-spinner", "off", "--timeout", "15"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own command
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        return None, (done.stderr.strip().splitlines() or [""])[-1]
    return report, ""


def main() -> int:
    verdict = judge(*run_pip_audit(sorted(set(installed()) | set(locked()))))
    stream = sys.stderr if verdict.failed or verdict.warned else sys.stdout
    stream.write("\n".join(verdict.lines) + "\n")
    return 1 if verdict.failed else 0


if __name__ == "__main__":
    sys.exit(main())
