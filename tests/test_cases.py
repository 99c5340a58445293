"""Case-result reports and the track record: published only with consent, charts true to the numbers,
figures computed from the jobs."""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from xml.etree import ElementTree

import pytest

from .images import camera_jpeg
from .sitebuild import build_site, open_job


def case_md(title: str, status: str, marker: str, **fields) -> str:
    header = {
        "Title": title,
        "Status": status,
        "Client": f"Client {marker}",
        "Service": "Paint",
        **fields,
    }
    return "".join(f"{k}: {v}\n" for k, v in header.items()) + f"\nBody {marker} of the report.\n"


JOB = "Title: Bumper\nReceived: 2026-11-20 09:00\nPromised: 2026-11-24\n\n## 2026-11-20 09:00 · received\nIn.\n"


def test_only_published_reports_with_consent_reach_the_output(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22")
    files = {
        "jobs/J-7/job.md": JOB,
        "cases/published.md": case_md(
            "Published one",
            "published",
            "MARKERpubA1",
            Consent="2026-10-01",
            Before="b.jpg",
            After="a.jpg",
        ),
        "cases/draft.md": case_md("Draft one", "draft", "MARKERdraftB2"),
        "cases/private.md": case_md(
            "Private one", "private", "MARKERprivC3", Job="J-7", Before="pb.jpg", After="pa.jpg"
        ),
        "cases/noconsent.md": case_md("No consent", "published", "MARKERnocoD4"),
        "cases/b.jpg": camera_jpeg(),
        "cases/a.jpg": camera_jpeg(),
        "cases/pb.jpg": camera_jpeg(comment="MARKERphotoE5"),
        "cases/pa.jpg": camera_jpeg(),
    }
    build = build_site(tmp_path, files, fatal=False)
    assert (
        "content/cases/noconsent.md: Consent is missing: a published report needs the date the client agreed"
        in build.log
    )
    page = build.read("cases/published/index.html")
    assert "MARKERpubA1" in page
    article = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert article["@type"] == "Article" and article["headline"] == "Published one"
    assert "Published one" in build.read("cases/index.html") and "Published one" in build.read(
        "cases/feed.atom"
    )
    for path, data in build.all_bytes():
        for marker in (
            b"MARKERdraftB2",
            b"MARKERprivC3",
            b"MARKERnocoD4",
            b"MARKERphotoE5",
            b"Private one",
        ):
            assert marker not in data, f"{marker!r} in {path}"
    job = open_job(build, "J-7")
    assert "MARKERprivC3" in job.view and "Private one" in job.view, (
        "the private report is on its job's page"
    )
    assert job.view.count('class="sealed"') == 2, "its before and after photos, sealed"
    assert build.check().returncode == 1, "the missing consent is a content error"


def test_chart_bars_are_proportional_to_the_table(tmp_path):
    body = case_md("Numbers", "published", "MARKERn", Consent="2026-01-01")
    body = body.replace(
        "\n\n",
        "\nMetric: Noise | 62 | 51 | dB\nMetric: Coolant lost | 300 | 0 | ml\nMetric: Gap | 2.5 | 6 | mm\n\n",
        1,
    )
    build = build_site(tmp_path, {"cases/numbers.md": body})
    html = build.read("cases/numbers/index.html")
    svg = re.search(r'<svg class="chart"[^>]*data-chart="metrics".*?</svg>', html, re.S).group(0)
    root = ElementTree.fromstring(svg.replace("&nbsp;", " "))
    ns = "{http://www.w3.org/2000/svg}"
    groups = root.findall(f"{ns}g") or root.findall("g")
    table = re.findall(r'<td data-value="([^"]+)">', html)
    assert len(groups) == 3 and len(table) == 6
    for i, group in enumerate(groups):
        bars = {r.get("data-kind"): r for r in group.iter() if r.tag.endswith("rect")}
        before, after = float(table[2 * i]), float(table[2 * i + 1])
        assert (
            float(bars["before"].get("data-value")) == before
            and float(bars["after"].get("data-value")) == after
        )
        height_before, height_after = (
            float(bars["before"].get("height")),
            float(bars["after"].get("height")),
        )
        tallest = max(before, after)
        assert height_before == pytest.approx(before / tallest * 140, abs=0.01)
        assert height_after == pytest.approx(after / tallest * 140, abs=0.01)
        base = float(bars["before"].get("y")) + height_before
        assert float(bars["after"].get("y")) + height_after == pytest.approx(base), (
            "bars stand on one axis"
        )
    assert 'fill="url(#hatch-numbers)"' in svg, "before is hatched: readable without colour"


# (service, days from received to promise, days early(-)/late(+) against it), 32 done jobs, one every
# 5 days from May: about 6 a month, and the last month only a few.
FIXTURE = (
    [("Brakes", 3, d) for d in (-1, 0, 0, 2, -2, 0, 1, 0, -1, 3, 0, 0)]
    + [("Paint", 5, d) for d in (0, -1, 4, 0, 0, 2, -3, 0, 1, 0)]
    + [("Engine", 2, d) for d in (0, 5, -1, 0)]
    + [("", 4, d) for d in (0, 1, -1, 0, 0, 1)]
)


def fixture_jobs() -> dict:
    files = {}
    start = dt.date(2026, 5, 4)
    for i, (service, promise_days, delta) in enumerate(FIXTURE):
        received = start + dt.timedelta(days=5 * i)
        promised = received + dt.timedelta(days=promise_days)
        ready = promised + dt.timedelta(days=delta)
        header = f"Title: Job {i}\nReceived: {received} 09:00\nPromised: {promised}\nStatus: done\nDone: {ready} 18:00\n"
        if service:
            header += f"Service: {service}\n"
        files[f"jobs/T-{i:02d}/job.md"] = (
            header + f"\n## {received} 09:00 · received\nIn.\n\n## {ready} 12:00 · ready\nReady.\n"
        )
    return files


def by_hand(rows) -> tuple[int, int, float]:
    on_time = sum(1 for _, _, d in rows if d <= 0)
    return len(rows), round(100 * on_time / len(rows)), statistics.median(d for _, _, d in rows)


@pytest.mark.slow
def test_track_record_matches_the_figures_counted_by_hand(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPWINDOW_TODAY", "2026-11-22")
    build = build_site(tmp_path, fixture_jobs(), {"job_retention_days": 3650})
    html = build.read("track-record/index.html")
    completed, share, median = by_hand(FIXTURE)
    assert re.search(r'id="figure-completed">(\d+)<', html).group(1) == str(completed)
    assert re.search(r'id="figure-on-time">(\d+)%<', html).group(1) == str(share)
    words = "on the day" if median == 0 else f"{abs(median):g} day"
    assert words in re.search(r'id="figure-median">([^<]+)<', html).group(1)
    service_rows = re.findall(
        r'<tr data-service="([^"]+)"><th scope="row">[^<]+</th><td>(\d+)</td><td>(\d+)%</td>', html
    )
    rows = {name: (int(count), int(percent)) for name, count, percent in service_rows}
    for service in ("Brakes", "Paint"):
        count, service_share, _ = by_hand([r for r in FIXTURE if r[0] == service])
        assert rows[service] == (count, service_share)
    assert "Engine" not in rows, "4 Engine jobs: too few to show without pointing at a customer"
    months = {}
    for i, (_, promise_days, delta) in enumerate(FIXTURE):
        ready = dt.date(2026, 5, 4) + dt.timedelta(days=5 * i + promise_days + delta)
        months[ready.strftime("%B %Y")] = months.get(ready.strftime("%B %Y"), 0) + 1
    assert {n for n in months.values() if n < 5} and {n for n in months.values() if n >= 5}
    for month, count in months.items():
        row = re.search(rf"<th scope=\"row\">{month}</th><td>{count}</td>", html)
        # A month with fewer than 5 jobs would name a customer's timing: it is not shown.
        assert bool(row) == (count >= 5), month
    assert f"<dd>{completed}</dd>" in build.read("index.html"), (
        "the home page shows the headline figure"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"Status": "maybe"}, 'Status "maybe" is not one of draft, private, published'),
        ({"Metric": "Noise | loud | 51 | dB"}, 'Metric "loud" is not a number'),
        ({"Metric": "Noise | 62"}, 'Metric "Noise | 62" is not "name | before | after | unit"'),
        ({"Promised": "5"}, "Delivered is missing: give both Promised and Delivered"),
        (
            {"Promised": "2026-13-01", "Delivered": "2026-01-01"},
            'Promised "2026-13-01" is not a date',
        ),
        ({"Quoted": "100"}, "Final is missing: give both Quoted and Final"),
        ({"Before": "nope.jpg"}, 'Before "nope.jpg" does not exist beside the file'),
    ],
)
def test_bad_report_fields_are_one_line_naming_file_and_field(tmp_path, fields, message):
    body = case_md("Bad", "published", "MARKERbad", Consent="2026-01-01", **fields)
    files = {
        "cases/bad.md": body,
        "cases/good.md": case_md("Good", "published", "MARKERgood", Consent="2026-01-01"),
    }
    build = build_site(tmp_path, files, fatal=False)
    assert f"content/cases/bad.md: {message}" in build.log
    assert "MARKERgood" in build.read("cases/good/index.html")
    assert not (build.output / "cases" / "bad").exists()
    result = build.check()
    assert result.returncode == 1 and f"content/cases/bad.md: {message}" in result.stderr
