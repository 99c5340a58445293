"""A big shop's sources, made by the benchmark itself: the example site's content plus N generated jobs
and N generated testimonials, deterministic for a given N.

Jobs are what a busy workshop holds within its retention window: a quarter still open, the rest done in
the last 60 days (older ones would have left the site and cost nothing), each with 3 to 6 log sections.
Testimonials are nine in ten approved with consent, the rest pending or drafts; ratings and services vary.
``plain_copy`` writes the same number of Markdown files as plain Pelican articles, the baseline of the
rebuild target."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from common import PROJECT

TODAY = dt.date(2026, 11, 23)  # SHOPWINDOW_TODAY for every benchmark build
SERVICES = ["Brakes", "Paint", "Bodywork", "Engine", "Tyres", "Electrics", "Glass", "Service"]
FIRST = ["Ion", "Ana", "Mihai", "Elena", "Andrei", "Olga", "Sergei", "Maria", "Victor", "Irina"]
LAST = ["Popescu", "Rusu", "Ceban", "Lungu", "Ivanov", "Moraru", "Cojocaru", "Petrov", "Munteanu"]
TEXT = (
    "the car was ready on time and the price matched the quote they phoned before replacing anything "
    "and sent photos of the worn parts we will come back friendly staff clean work explained every "
    "step new discs pads oil filter paint matched perfectly no more noise drives like new"
)
WORDS = TEXT.split(" ")
STAGES = [
    "received",
    "diagnosis",
    "parts",
    "repair",
    "paint",
    "quality-check",
    "ready",
    "collected",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def job_text(i: int, rng: random.Random) -> str:
    received = dt.datetime.combine(TODAY - dt.timedelta(days=rng.randrange(1, 60)), dt.time(8, 0))
    promised = received.date() + dt.timedelta(days=rng.randrange(1, 8))
    done = rng.random() < 0.75
    sections = rng.randrange(3, 7)
    lines = [
        f"Title: {rng.choice(SERVICES)} job {i}",
        f"Customer: {rng.choice(FIRST)} {rng.choice(LAST)}",
        f"Item: Car {i}, CH {i % 1000:03d} AB",
        f"Service: {rng.choice(SERVICES)}",
        f"Received: {received:%Y-%m-%d %H:%M}",
        f"Promised: {promised}",
        f"Status: {'done' if done else 'active'}",
        "",
    ]
    when = received
    for n in range(sections):
        stage = STAGES[min(n * 2, len(STAGES) - 1)] if done or n < sections - 1 else STAGES[n]
        lines += [f"## {when:%Y-%m-%d %H:%M} · {stage}", sentence(rng, rng.randrange(8, 30)), ""]
        when += dt.timedelta(hours=rng.randrange(2, 30))
        if when.date() > TODAY:
            when = dt.datetime.combine(TODAY, dt.time(7, n))
    return "\n".join(lines)


def testimonial_text(i: int, rng: random.Random, jobs: int) -> str:
    roll = rng.random()
    status = "approved" if roll < 0.9 else "pending" if roll < 0.95 else "draft"
    header = [
        f"Author: {rng.choice(FIRST)} {rng.choice(LAST)[0]}.",
        f"Status: {status}",
        f"Date: {TODAY - dt.timedelta(days=rng.randrange(1, 900))}",
        f"Rating: {rng.choice([5, 5, 5, 4, 4, 3, 2, 1])}",
        f"Service: {rng.choice(SERVICES)}",
        f"Source: {rng.choice(['form', 'email', 'phone', 'google'])}",
    ]
    if status == "approved":
        header.append(f"Consent: {TODAY - dt.timedelta(days=rng.randrange(0, 30))}")
    if jobs and rng.random() < 0.5:
        header.append(f"Job: G-{rng.randrange(jobs):05d}")
    return "\n".join(header) + "\n\n" + sentence(rng, rng.randrange(15, 70)) + "\n"


def make_corpus(folder: Path, jobs: int, testimonials: int) -> Path:
    """``folder/content``: the example's content plus the generated jobs and testimonials."""
    content = folder / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(PROJECT / "content", content)
    rng = random.Random(jobs * 7919 + testimonials)
    for i in range(jobs):
        job = content / "jobs" / f"G-{i:05d}"
        job.mkdir(parents=True)
        (job / "job.md").write_text(job_text(i, rng), encoding="utf-8")
    for i in range(testimonials):
        (content / "testimonials" / f"gen-{i:05d}.md").write_text(
            testimonial_text(i, rng, jobs), encoding="utf-8"
        )
    return content


def markdown_files(content: Path) -> int:
    return sum(1 for _ in content.rglob("*.md"))


def plain_copy(content: Path, folder: Path) -> Path:
    """The same number of Markdown files, as plain Pelican articles (titles and dates added where
    Shopwindow's files have none), for a Pelican with no plugin to build."""
    plain = folder / "plain-content"
    if plain.exists():
        shutil.rmtree(plain)
    plain.mkdir(parents=True)
    for n, source in enumerate(sorted(content.rglob("*.md"))):
        text = source.read_text(encoding="utf-8")
        header, _, body = text.partition("\n\n")
        plain_header = [
            line
            for line in header.splitlines()
            if line.split(":", 1)[0].lower() not in ("status", "date", "title", "slug")
        ]
        (plain / f"post-{n:05d}.md").write_text(
            f"Title: Post {n}\nDate: 2026-01-01 10:00\n"
            + "\n".join(plain_header)
            + "\n\n"
            + body.replace("## ", "### "),
            encoding="utf-8",
        )
    return plain
