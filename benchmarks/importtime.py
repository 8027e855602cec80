"""``python -X importtime`` output, kept in ``results/`` with its ten costliest imports first."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def top_imports(stderr: str, count: int = 10, depth: int = 1) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the costliest imports ``depth`` levels down
    (1: what the process itself imported, including what boto3 imports lazily on first use)."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        level = (len(name) - len(name.lstrip()) + 1) // 2
        if level == depth:
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def write_importtime(function: str, stderr: str) -> Path:
    path = RESULTS / f"importtime-{function}.txt"
    lines = []
    for depth in (1, 2):
        top = top_imports(stderr, depth=depth)
        lines.append(f"The {function} function's {len(top)} costliest imports at depth {depth}, cumulative:")
        lines += [f"{micros / 1000:9.1f} ms  {name}" for micros, name in top]
        lines.append("")
    raw = [line for line in stderr.splitlines() if line.startswith("import time:")]
    path.write_text("\n".join([*lines, "Raw python -X importtime output:", *raw, ""]), encoding="utf-8")
    return path
