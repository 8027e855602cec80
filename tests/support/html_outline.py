"""An HTML page's structure, as an accessibility review reads it, checked in milliseconds.

What can be checked without a browser: landmarks, headings, labelled controls, table headers,
SVG names, and that nothing inline would need ``'unsafe-inline'`` in the strict CSP. axe in
Chromium (``tests/browser/``) checks the rendered page; this catches most slips in every run.
"""

import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parents: tuple[str, ...]
    text: str = ""


@dataclass
class Outline(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, tuple(e.tag for e in self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, tuple(e.tag for e in self._open)))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def by_id(self, element_id: str) -> Element:
        [element] = [e for e in self.elements if e.attrs.get("id") == element_id]
        return element


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    parsed.close()
    return parsed


def structure_problems(html: str) -> list[str]:
    """What an HTML-level accessibility and CSP review would flag on this page (empty when fine)."""
    page = outline(html)
    problems = []
    if page.all("html")[0].attrs.get("lang") != "en-GB":
        problems.append("the page's language is not set")
    for landmark in ("header", "main", "footer"):
        if len(page.all(landmark)) != 1:
            problems.append(f"expected one <{landmark}> landmark")
    if len(page.all("h1")) != 1:
        problems.append("expected exactly one h1")
    levels = [int(e.tag[1]) for e in page.elements if e.tag in {"h1", "h2", "h3", "h4"}]
    if any(later > earlier + 1 for earlier, later in itertools.pairwise(levels)):
        problems.append(f"a heading level is skipped: {levels}")
    labelled = {label.attrs.get("for") for label in page.all("label")}
    for control in page.all("input") + page.all("textarea") + page.all("select"):
        if control.attrs.get("type") != "hidden" and control.attrs.get("id") not in labelled:
            problems.append(f"a form control has no label: {control.attrs}")
    for table in page.all("table"):
        problems += _table_problems(page, table)
    for svg in page.all("svg"):
        problems += _svg_problems(page, svg)
    for element in page.elements:
        if "style" in element.attrs or any(name.startswith("on") for name in element.attrs):
            problems.append(f"inline style or script on <{element.tag}>")
    if page.all("style") or page.all("script"):
        problems.append("a <style> or <script> element")
    return problems


def _table_problems(page: Outline, table: Element) -> list[str]:
    start = page.elements.index(table)
    end = next(
        (i for i, e in enumerate(page.elements[start + 1 :], start + 1) if e.tag == "table"),
        len(page.elements),
    )
    cells = [e for e in page.elements[start:end] if e.tag == "th"]
    problems = []
    if not any("thead" in cell.parents for cell in cells):
        problems.append("a table has no column headers")
    if any(cell.attrs.get("scope") not in ("col", "row") for cell in cells):
        problems.append("a table header has no scope")
    return problems


def _svg_problems(page: Outline, svg: Element) -> list[str]:
    if svg.attrs.get("role") != "img":
        return ["an SVG is not role=img"]
    ids = svg.attrs.get("aria-labelledby", "").split()
    titled = [page.by_id(i) for i in ids]
    tags = sorted(e.tag for e in titled)
    if tags != ["desc", "title"] or not all("svg" in e.parents and e.text.strip() for e in titled):
        return [f"an SVG is not named by its own title and desc: {ids}"]
    return []
