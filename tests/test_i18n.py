"""DEFAULT_LANG switches every UI string and date format."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from .sitebuild import PROJECT, build_site, md_testimonial

# Each catalog translates the strings of its own templates: the plugin's, and the example theme's.
CATALOGS = {
    "plugin": PROJECT / "plugins" / "shopwindow",
    "example theme": PROJECT / "plugins" / "shopwindow" / "theme",
}


def ui_strings(folder) -> set[str]:
    """Every msgid in the templates below ``folder``, singular and plural."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(folder / "templates"),
        method_map=[("**.html", "jinja2"), ("**.xml", "jinja2"), ("**.txt", "jinja2")],
        options_map={"**": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}},
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return found


def staff_strings() -> set[str]:
    """Every msgid of the staff's command: ``tr(...)`` in the command and init, ``N_(...)`` where a
    string is defined before it is spoken."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(CATALOGS["plugin"]),
        method_map=[("cli/**.py", "python"), ("scaffold/**.py", "python"),
                    ("messages/**.py", "python"), ("testimonials/collect.py", "python")],
        keywords={"tr": None, "N_": None},
    ):  # fmt: skip
        found.add(message)
    return found


class _Visible(HTMLParser):
    """Text a person sees or hears: text nodes and the attributes read aloud or shown."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and name in (
                "aria-label",
                "title",
                "alt",
                "content",
                "data-status",
                "placeholder",
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def as_pattern(msgid: str) -> re.Pattern:
    """The msgid as it reads on a page, its %(name)s filled by anything, as whole words ("Phone" is
    not found in "iPhone")."""
    parts = re.split(r"%\(\w+\)[sd]", msgid)
    body = r".+?".join(re.escape(p) for p in parts)
    start = r"(?<!\w)" if re.match(r"\w", msgid) else ""
    end = r"(?!\w)" if re.search(r"\w$", msgid) else ""
    return re.compile(start + body + end)


@pytest.mark.parametrize("owner", sorted(CATALOGS))
@pytest.mark.parametrize("lang", ["ru", "ro"])
def test_catalog_translates_every_ui_string(lang, owner):
    po = CATALOGS[owner] / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = set()
    for message in catalog:
        if message.id and all(
            message.string if isinstance(message.string, tuple) else [message.string]
        ):
            translated.update(message.id if isinstance(message.id, tuple) else (message.id,))
    wanted = ui_strings(CATALOGS[owner]) | (staff_strings() if owner == "plugin" else set())
    missing = wanted - translated
    assert not missing, f"{owner}, {lang}: untranslated UI strings: {sorted(missing)}"


def test_russian_wall_has_no_english_ui_string_left(tmp_path):
    files = {
        f"testimonials/t{i}.md": md_testimonial(
            "Ольга С.",
            "approved",
            "Всё сделали быстро и аккуратно.",
            Consent="2026-10-01",
            Date="2026-10-02",
            Rating=str(5 - i % 3),
            Service="Покраска" if i % 2 else "Тормоза",
            Featured="yes" if i == 0 else "no",
            Job="J-1",
            Title="Отлично",
        )
        for i in range(5)
    }
    files["jobs/J-1/job.md"] = (
        "Title: Покраска\nCustomer: Ольга\nReceived: 2026-09-28 09:00\nStatus: done\n"
        "Done: 2026-09-30 17:00\n\n## 2026-09-28 09:00 · received\nВ боксе.\n"
    )
    build = build_site(tmp_path, files, {"DEFAULT_LANG": "ru", "SITENAME": "Автосервис"})
    wall = build.read("testimonials/index.html")
    assert '<html lang="ru">' in wall
    text = visible_text(wall)
    every = ui_strings(CATALOGS["plugin"]) | ui_strings(CATALOGS["example theme"])
    left = sorted(m for m in every if as_pattern(m).search(text))
    assert left == [], f"English UI strings on the Russian wall: {left}"
    assert "2 октября 2026" in text, "dates follow the language"
    assert "5 отзывов" in text and "Подтверждённый заказ" in text
    assert (
        "Отзывы" in visible_text(build.read("testimonials/service/pokraska/index.html"))
        or (build.output / "testimonials/service").is_dir()
    )
