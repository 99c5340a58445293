"""`shopwindow testimonial import FILE.csv`: the reviews a shop already has, one pending testimonial per
row and none published until the customer's consent is recorded; rows imported before are skipped; a bad
row is one line naming the row and the column, and the rest are written."""

from __future__ import annotations

import pytest

from .sitebuild import build_site, run_shopwindow

DAY = {"SHOPWINDOW_TODAY": "2026-11-25"}
GOOD = {
    2: ("Ana M.", "Au schimbat plăcuțele într-o oră.\nRecomand!", "ana-m-2025-03-05.md"),
    4: ("Олег", "Всё сделали <b>быстро</b> и [честно](http://spam.example).", "oleg-2025-04-05.md"),
    7: ("Bob", "Kept the price they quoted.", "bob-2024-12-31.md"),
}
CSV = (
    "Author,Rating,Date,Text,Service,Source,Language,Review ID\n"
    'Ana M.,5,2025-03-05,"Au schimbat plăcuțele într-o oră.\nRecomand!",Brakes,google,ro,g-1\n'
    "Sam,seven,2025-03-06,Fine,,google,en,g-2\n"
    'Олег,4/5,05.04.2025,"Всё сделали <b>быстро</b> и [честно](http://spam.example).",,facebook,'
    "ru-RU,g-3\n"
    ",5,2025-01-01,Nobody wrote this,,,,g-4\n"
    "Dan,5,2027-01-01,From the future,,,,g-5\n"
    "Bob,5.0,2024-12-31T18:30:00Z,Kept the price they quoted.,,,,g-6\n"
    "Eve,5,2025/01/02,Slashes,,,,g-7\n"
    "Fay,5,2025-01-02,Elsewhere,,myspace,,g-8\n"
    "Gus,5,2025-01-02,In Klingon,,,klingon,g-9\n"
    "Hal,5,2025-01-02,,,,,g-10\n"
)
REFUSED = [
    'reviews.csv: row 3: rating "seven" is not a whole number from 1 to 5',
    "reviews.csv: row 5: author is empty",
    "reviews.csv: row 6: date 2027-01-01 is in the future",
    'reviews.csv: row 8: date "2025/01/02" is not a date: write it as 2026-03-05 or 05.03.2026',
    'reviews.csv: row 9: source "myspace" is not one of form, email, phone, in person, job page, '
    "google, facebook, trustpilot, yelp, import",
    'reviews.csv: row 10: language "klingon" is not a language code (en, ru, ro, ...)',
    "reviews.csv: row 11: text is empty",
]


@pytest.fixture
def shop(tmp_path):
    build = build_site(tmp_path, {"pages/about.md": "Title: About\n\nWe fix cars.\n"}, env=DAY)

    def run(*args, ok=True):
        result = run_shopwindow(["--settings", str(build.conf), *args], tmp_path, env=DAY)
        assert result.returncode == (0 if ok else 1), result.stdout + result.stderr
        return result

    return tmp_path, run


def written_files(root) -> dict[str, str]:
    folder = root / "content" / "testimonials"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def test_good_rows_are_written_pending_without_consent_and_bad_rows_are_named(shop):
    root, run = shop
    (root / "reviews.csv").write_text(CSV, encoding="utf-8")
    done = run("testimonial", "import", "reviews.csv", ok=False)
    assert done.stderr.splitlines() == REFUSED
    for row, (_, _, name) in GOOD.items():
        assert f"row {row}: content/testimonials/{name} written as pending, without Consent" in (
            done.stdout
        )
    assert "columns not read: review id" in done.stdout
    assert "3 written, 0 imported before, 7 refused" in done.stdout
    files = written_files(root)
    assert sorted(files) == sorted(name for _, _, name in GOOD.values())
    header, body = files["ana-m-2025-03-05.md"].split("\n\n", 1)
    assert header.splitlines() == [
        "Author: Ana M.", "Status: pending", "Rating: 5", "Date: 2025-03-05", "Service: Brakes",
        "Source: google", "Language: ro", header.splitlines()[-1],
    ]  # fmt: skip
    assert header.splitlines()[-1].startswith("Imported: ")
    assert body == "Au schimbat plăcuțele într-o oră.\nRecomand!\n"
    oleg = files["oleg-2025-04-05.md"]
    assert "Rating: 4\n" in oleg and "Date: 2025-04-05\n" in oleg and "Language: ru-RU\n" in oleg
    assert "Source: facebook\n" in oleg
    bob = files["bob-2024-12-31.md"]
    assert "Date: 2024-12-31\n" in bob and "Source: import\n" in bob and "Language" not in bob
    assert not any("Consent" in text for text in files.values())

    # None is published: the build writes no wall, and no word of any review is in the output.
    rebuilt = build_site(root, env=DAY)
    published = b"".join(p.read_bytes() for p in rebuilt.output.rglob("*") if p.is_file())
    for _, words, _ in GOOD.values():
        assert " ".join(words.split()[:3]).encode() not in published
    assert b"Ana M." not in published and "Олег".encode() not in published
    assert not (rebuilt.output / "testimonials").exists()

    # The same file again (a later export repeats the old reviews) writes nothing new.
    again = run("testimonial", "import", "reviews.csv", ok=False)
    assert "0 written, 3 imported before, 7 refused" in again.stdout
    assert written_files(root) == files


def test_approved_without_consent_is_refused_and_with_it_shows_as_written(shop):
    root, run = shop
    (root / "reviews.csv").write_text(CSV.split("Sam,")[0], encoding="utf-8")
    run("testimonial", "import", "reviews.csv")
    path = root / "content" / "testimonials" / "ana-m-2025-03-05.md"
    path.write_text(path.read_text().replace("Status: pending", "Status: approved"))
    refused = build_site(root, env=DAY, fatal=False)
    assert (
        "content/testimonials/ana-m-2025-03-05.md: Consent is missing: an approved testimonial "
        "needs the date the customer agreed" in refused.log
    )
    assert not (refused.output / "testimonials").exists()
    path.write_text(
        path.read_text().replace("Status: approved", "Status: approved\nConsent: 2026-11-25")
    )
    wall = (build_site(root, env=DAY).output / "testimonials" / "index.html").read_text()
    assert "Au schimbat plăcuțele într-o oră.\nRecomand!" in wall and "Ana M." in wall


def test_a_spreadsheets_csv_with_semicolons_and_a_bom_reads_the_same(shop):
    root, run = shop
    (root / "reviews.csv").write_text(
        "\ufeffauthor;rating;date;text\nIon;5;01.02.2025;Bine, repede; și curat\n", encoding="utf-8"
    )
    # Unquoted, the text's own semicolon ends the cell: the row is refused, not cut short.
    refused = run("testimonial", "import", "reviews.csv", ok=False)
    assert refused.stderr.splitlines() == [
        'reviews.csv: row 2: has 5 cells, the first row names 4 columns: put a text that holds ";" '
        "in double quotes"
    ]
    assert written_files(root) == {}
    (root / "more.csv").write_text('author;rating;date;text\nIon;4;02.02.2025;"Bine; curat"\n')
    assert "1 written" in run("testimonial", "import", "more.csv").stdout
    assert written_files(root)["ion-2025-02-02.md"].endswith("\n\nBine; curat\n")


def test_a_file_without_a_needed_column_writes_nothing(shop):
    root, run = shop
    (root / "reviews.csv").write_text("author,stars,date,text\nIon,5,2025-01-01,Good\n")
    refused = run("testimonial", "import", "reviews.csv", ok=False)
    assert refused.stderr.strip() == (
        'shopwindow: reviews.csv: has no column "rating" (its first row names the columns: author, '
        "rating, date, text, and optionally service, source, language, title)"
    )
    assert not (root / "content" / "testimonials").exists()
