"""The stylesheet (and any other static file) from ``templates/static/``.

Served by the function so a deployment is one stack with no bucket; browsers cache it for a day.
"""

from functools import cache

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.config import settings
from lobbykit.domain.errors import LobbykitError

router = APIGatewayHttpRouter()
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}


class StaticNotFound(LobbykitError):
    code = "not_found"


@router.get("/static/<name>")
def static_file(name: str) -> Response[str]:
    content_type, body = _load(name)
    return Response(200, content_type, body, headers={"Cache-Control": "public, max-age=86400"})


@cache
def _load(name: str) -> tuple[str, str]:
    folder = settings().templates_dir / "static"
    files = {path.name: path for path in folder.iterdir() if path.suffix in TYPES}
    if name not in files:
        raise StaticNotFound("There is nothing at this address.")
    path = files[name]
    return TYPES[path.suffix], path.read_text(encoding="utf-8")
