"""Property tests for every parser of ours: whatever the input, the answer is right or a ContentError
naming the file and the field, never another exception."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pelican.plugins.shopwindow.cases.model import _metrics
from pelican.plugins.shopwindow.jobs.model import check_job_id, parse_heading
from pelican.plugins.shopwindow.sources import (
    ContentError,
    Source,
    bool_field,
    date_field,
    int_field,
    list_field,
)

WORDS = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="·|\n"),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
MINUTES = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


def source(**fields) -> Source:
    return Source(path="/site/content/x.md", shown_path="content/x.md", body_html="", fields=fields)


@given(MINUTES, WORDS, st.one_of(st.none(), WORDS), st.sampled_from([" · ", " | "]))
def test_log_heading_round_trip(when, stage, bay, separator):
    heading = separator.join([when.strftime("%Y-%m-%d %H:%M"), stage] + ([bay] if bay else []))
    assert parse_heading(heading) == (when, stage, bay)


@given(st.text(max_size=60))
def test_log_heading_never_fails_otherwise(text):
    try:
        when, stage, bay = parse_heading(text)
    except ValueError:
        return
    assert isinstance(when, dt.datetime) and stage and (bay is None or bay)


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%Y-%m-%d 10:30", "%B %d, %Y"]),
)
def test_dates_in_the_usual_forms(day, form):
    assert date_field(source(consent=day.strftime(form)), "Consent").date() == day


@settings(max_examples=300)
@given(st.text(max_size=40))
@example("99999999999999999999")  # once an OverflowError from the date parser
def test_metadata_fields_give_a_value_or_a_content_error(text):
    for parse in (
        lambda: int_field(source(rating=text), "Rating", 1, 5),
        lambda: bool_field(source(featured=text), "Featured"),
        lambda: date_field(source(consent=text), "Consent"),
    ):
        try:
            parse()
        except ContentError as error:
            assert str(error).startswith("content/x.md: ")
    items = list_field(source(service=text), "Service")
    assert all(item and item == item.strip() and "," not in item for item in items)
    assert len(items) == len(set(items))


@given(st.integers(1, 5))
def test_rating_in_range_is_read_back(rating):
    assert int_field(source(rating=f" {rating} "), "Rating", 1, 5) == rating


@given(
    st.lists(
        st.tuples(
            WORDS.filter(lambda w: "|" not in w),
            st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
            st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
            st.sampled_from(["mm", "dB", "", "km/h"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_metric_lines_round_trip(rows):
    lines = [f"{name} | {before} | {after} | {unit}" for name, before, after, unit in rows]
    metrics = _metrics(source(metric=lines if len(lines) > 1 else lines[0]))
    assert [(m.name, m.before, m.after, m.unit) for m in metrics] == [
        (name, Decimal(before), Decimal(after), unit) for name, before, after, unit in rows
    ]


@given(st.text(max_size=70))
def test_job_ids_that_pass_name_a_folder_safely(text):
    try:
        job_id = check_job_id(text)
    except ValueError:
        return
    assert (
        "/" not in job_id
        and "\\" not in job_id
        and ".." not in job_id
        and not job_id.startswith(".")
    )
    assert job_id.strip() == job_id and " " not in job_id


# The privacy scan's text: what the output's formats encode decoded by one fast pass (a regular
# expression over every encoding at once), the same as reading it left to right the obvious way, each
# encoding undone once (so that "&amp;lt;" stays "&lt;"); then composed (NFC) and folded.
ESCAPE_PIECES = st.sampled_from(
    [b"&quot;", b"&#34;", b"&#39;", b"&#x27;", b"&#X49;", b"&#105;", b"&lt;", b"&gt;", b"&nbsp;",
     b"&amp;", b"&eacute;", b"&unknown;", b"\\u003c", b"\\u003e", b"\\u0026", b"\\u0027", b"\\u0103",
     b"%20", b"%41", b"%c8%9b", b"%", b"+", b"&", b"amp;", b"lt;", b"#39;", b"\\", b"u00", b"26",
     b"3c", b" ", b"\n", b"\t", b"\r", b"\x0b", b"\x0c", b"a", b"z", b"\xc8\x98", b"s\xcc\xa6", b";"]
)  # fmt: skip
READERS = [  # (what an encoding looks like, what it stands for), tried in this order at each byte
    (re.compile(rb"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
     lambda m: html.unescape(m.group().decode()).encode("utf-8", "surrogatepass")),
    (re.compile(rb"\\u([0-9a-fA-F]{4})"), lambda m: chr(int(m.group(1), 16)).encode()),
    (re.compile(rb"%([0-9a-fA-F]{2})"), lambda m: bytes([int(m.group(1), 16)])),
]  # fmt: skip


def read_as_a_reader(data: bytes) -> bytes:
    decoded, at = b"", 0
    while at < len(data):
        for pattern, meaning in READERS:
            if found := pattern.match(data, at):
                decoded, at = decoded + meaning(found), found.end()
                break
        else:
            decoded, at = decoded + data[at : at + 1], at + 1
    text = unicodedata.normalize("NFC", decoded.decode("utf-8", "surrogateescape"))
    return b" ".join(text.encode("utf-8", "surrogateescape").replace(b"+", b" ").lower().split())


@given(st.lists(ESCAPE_PIECES, max_size=12).map(b"".join))
@example(b"&amp;lt; &lt; \\u0026amp; &amp; &amp;#39; &#39;")
@example(b"Ion%20Popescu+Vrabie &#73;&#x6f;n s\xcc\xa6")
def test_the_scan_undoes_every_encoding_in_one_pass_and_folds_white_space(data):
    from pelican.plugins.shopwindow.privacy_scan import _unescaped_and_folded

    assert _unescaped_and_folded(data) == read_as_a_reader(data)


# A log section's body: blank, text, photos, or both, in any order and with blank lines between.
SECTION_PART = st.one_of(
    st.just(""),
    st.just("   "),
    st.sampled_from(["Checked the brakes.", "Waiting for parts.", "*Note* from the bay."]),
    st.integers(1, 40).map(lambda n: f"![photo {n}](IMG_{n:04d}.jpg)"),
)
SECTION = st.lists(SECTION_PART, max_size=4).map(lambda parts: "\n\n".join(parts))
LOG = st.lists(SECTION, min_size=1, max_size=6)


@given(st.lists(LOG, min_size=1, max_size=3))
def test_every_section_of_every_log_has_exactly_the_photos_it_names(logs):
    """Logs rendered one after another, as a build renders its jobs: a section's photos are those
    it names, in order; a blank section or a heading alone has none (never the section's before,
    nor another job's)."""
    import re

    from pelican.plugins.shopwindow.jobs.log import render, sections

    for bodies in logs:
        text = "".join(
            f"## 2026-11-21 {8 + n:02d}:00 · repair\n{body}\n" for n, body in enumerate(bodies)
        )
        found = sections(text)
        assert len(found) == len(bodies)
        for section, body in zip(found, bodies, strict=True):
            named = re.findall(r"\]\((IMG_\d{4}\.jpg)\)", body)
            assert [src for src, _ in render(section, {}).images] == named, body


MARKDOWN_MINDED = st.text(
    alphabet=st.sampled_from(
        list("abc xyz 019 \n\n") + list("\\`*_{}[]()#+-.!|<>&:=~^\"'/;") + list("жЁșțăÎ")
    ),
    max_size=80,
)


@given(MARKDOWN_MINDED)
@example("1. list\n- item\n> quote\n# heading\nTerm\n: definition\n===\n")
@example("<script>alert(1)</script> [a](javascript:x) ![i](x) &copy; {: .c} | a | b |")
def test_a_customers_words_written_to_a_file_are_shown_as_typed(words):
    """What `testimonial add` and `import` write renders, with Pelican's Markdown, to exactly the
    words the customer typed (white space aside): no markup of theirs is read as Markdown or HTML.
    The badge "Written on the job's page" relies on it: the code is checked against that text."""
    import markdown
    from pelican.plugins.shopwindow.access.format import folded
    from pelican.plugins.shopwindow.sanitise import customer_words, plain_text
    from pelican.plugins.shopwindow.testimonials.files import markdown_text
    from pelican.settings import DEFAULT_CONFIG

    config = DEFAULT_CONFIG["MARKDOWN"]
    rendered = markdown.markdown(
        "Author: Ion P.\nStatus: pending\n\n" + markdown_text(words),  # as the file holds it
        extensions=list(config["extension_configs"]),
        extension_configs=config["extension_configs"],
        output_format="html5",
    )
    assert plain_text(customer_words(rendered)) == folded(words)
