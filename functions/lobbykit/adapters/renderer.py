"""Jinja2 templates from the ``templates/`` folder: pages and emails.

Autoescape is on for every ``.html.j2`` file, so anything a supporter typed is text, never markup;
``| safe`` is used only for letter HTML that was itself rendered with autoescape.
"""

from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


class TemplateRenderer:
    def __init__(self, root: Path) -> None:
        self._env = SandboxedEnvironment(
            loader=FileSystemLoader(root),
            autoescape=lambda name: bool(name and name.endswith(".html.j2")),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )

    def render(self, name: str, context: dict[str, Any]) -> str:
        return self._env.get_template(name).render(context)
