"""A job's log, read from the Markdown source of ``job.md``: one section per ``## time · stage · bay``
heading, each rendered on its own with the site's Markdown settings.

A section's images are the update's photos: they are taken out of the parsed document (a Markdown tree
processor), not found in the rendered HTML. Its text is staff's Markdown read by the customer: Pelican's
``{static}``/``{attach}`` links are resolved and the HTML is reduced to the staff allow-list.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

HEADING = re.compile(r"^##(?!#)\s*(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Which paired phone of the staff page made an update: a line of its own in the section, staff's only
# (taken out here: no page, message or render of the customer's sees it).
DEVICE_MARK = re.compile(r"^<!--\s*device:\s*(.*?)\s*-->\s*$")


def device_mark(name: str) -> str:
    return f"<!-- device: {' '.join(name.replace('--', '- -').split())} -->"


@dataclass
class Section:
    heading: str  # the heading's text, as written
    markdown: str  # the section's body
    device: str = ""  # the staff page's device that wrote it (``DEVICE_MARK``), or ""


@dataclass
class RenderedSection:
    html: str
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt), in order


def sections(body: str) -> list[Section]:
    """The ``## `` sections of a log, in file order; text before the first heading is no update."""
    found: list[Section] = []
    fenced = False
    lines: list[str] = []
    for line in body.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else HEADING.match(line)
        mark = None if fenced or not found else DEVICE_MARK.match(line)
        if heading:
            if found:
                found[-1].markdown = "\n".join(lines)
            found.append(Section(heading.group(1), ""))
            lines = []
        elif mark:
            found[-1].device = mark.group(1)
        else:
            lines.append(line)
    if found:
        found[-1].markdown = "\n".join(lines)
    return found


class _TakeImages(Treeprocessor):
    def __init__(self, md, taken: list):
        super().__init__(md)
        self.taken = taken

    def run(self, root):
        self.taken.clear()
        for parent in list(root.iter()):
            previous = None
            for child in list(parent):
                if child.tag != "img":
                    previous = child
                    continue
                self.taken.append((child.get("src", ""), child.get("alt", "")))
                parent.remove(child)
                if child.tail:  # the text after an image stays where it was
                    if previous is not None:
                        previous.tail = (previous.tail or "") + child.tail
                    else:
                        parent.text = (parent.text or "") + child.tail


class _TakeImagesExtension(Extension):
    def __init__(self, taken: list):
        super().__init__()
        self.taken = taken

    def extendMarkdown(self, md):
        md.treeprocessors.register(_TakeImages(md, self.taken), "shopwindow_take_images", 0)


class _Converter(threading.local):
    """One Markdown converter per thread and settings, reset between sections (making one costs
    more than converting a section)."""

    def __init__(self):
        self.by_settings: dict[str, tuple[markdown.Markdown, list]] = {}

    def get(self, markdown_settings: dict) -> tuple[markdown.Markdown, list]:
        key = json.dumps(markdown_settings or {}, sort_keys=True, default=repr)
        if key not in self.by_settings:
            taken: list[tuple[str, str]] = []
            configs = dict((markdown_settings or {}).get("extension_configs", {}))
            converter = markdown.Markdown(
                extensions=[*configs, _TakeImagesExtension(taken)],
                extension_configs=configs,
                output_format=(markdown_settings or {}).get("output_format", "html5"),
            )
            self.by_settings[key] = (converter, taken)
        return self.by_settings[key]


_converters = _Converter()


def render(section: Section, markdown_settings: dict) -> RenderedSection:
    """One section's body as HTML without its images, and the images (those it names, and only
    those: Markdown skips its tree processors for a blank text, so what the converter took from the
    section before, maybe another job's, is forgotten first)."""
    converter, taken = _converters.get(markdown_settings)
    taken.clear()
    html = converter.reset().convert(section.markdown)
    return RenderedSection(html, list(taken))
