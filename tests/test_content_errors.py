"""Bad testimonial input: one line naming the file and the field, that file left out, the rest built."""

from __future__ import annotations

import pytest

from .sitebuild import build_site, md_testimonial

GOOD = md_testimonial("Good G.", "approved", "The good one, MARKERgoodT1.", Consent="2026-01-01")
BAD = "content/testimonials/bad.md"

CASES = {
    "rating": (
        md_testimonial("B", "approved", "x y z", Consent="2026-01-01", Rating="7"),
        f"{BAD}: Rating 7 is outside 1-5",
    ),
    "rating-text": (
        md_testimonial("B", "approved", "x y z", Consent="2026-01-01", Rating="five"),
        f'{BAD}: Rating "five" is not a whole number',
    ),
    "author": (
        "Status: approved\nConsent: 2026-01-01\n\nNo author here.\n",
        f"{BAD}: Author is missing",
    ),
    "status": (
        md_testimonial("B", "maybe", "x y z"),
        f'{BAD}: Status "maybe" is not one of draft, pending, approved, rejected, withdrawn',
    ),
    "no-status": (
        "Author: B\n\nNo status.\n",
        f"{BAD}: Status is missing; use one of draft, pending, approved, rejected, withdrawn",
    ),
    "consent": (
        md_testimonial("B", "approved", "x y z"),
        f"{BAD}: Consent is missing: an approved testimonial needs the date the customer agreed",
    ),
    "consent-date": (
        md_testimonial("B", "approved", "x y z", Consent="someday"),
        f'{BAD}: Consent "someday" is not a date',
    ),
    "date": (
        md_testimonial("B", "approved", "x y z", Consent="2026-01-01", Date="2026-13-45"),
        f'{BAD}: Date "2026-13-45" is not a valid date',
    ),
    "photo-missing": (
        md_testimonial("B", "approved", "x y z", Consent="2026-01-01", Photo="nope.jpg"),
        f'{BAD}: Photo "nope.jpg" does not exist beside the file',
    ),
    "photo-broken": (
        md_testimonial("B", "approved", "x y z", Consent="2026-01-01", Photo="broken.jpg"),
        f'{BAD}: Photo "broken.jpg" is not an image this site reads (JPEG, PNG, WebP, HEIC)',
    ),
    "not-utf8": (
        "Author: Bogdan\nStatus: approved\nConsent: 2026-01-01\n\nCafé\n".encode("latin-1"),
        f"{BAD}: is not UTF-8 text; save it as UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_testimonial_is_reported_and_left_out(tmp_path, case):
    source, message = CASES[case]
    files = {
        "testimonials/good.md": GOOD,
        "testimonials/bad.md": source,
        "testimonials/broken.jpg": b"this is a text file, not a JPEG\n",
    }
    build = build_site(tmp_path, files, fatal=False)
    assert build.returncode == 0, build.log
    assert message in build.log
    assert "MARKERgoodT1" in build.read("testimonials/index.html"), "the rest of the site builds"
    assert not (build.output / "testimonials/bad").exists()
    result = build.check()
    assert result.returncode == 1
    assert message in result.stderr
