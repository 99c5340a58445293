"""`shopwindow check` without blind spots: every private field is registered, and a private string is
found however the output's formats encode it. Each disguise is planted into a clean output (as a leak
by a theme, another plugin or a hand-made file would land there) and must fail the check with a line
naming the file."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import unicodedata
import zipfile

import pytest

from .sitebuild import build_site, job_keys

JOB = "J-7"
JOB_MD = (
    "Title: Rear brakes\nCustomer: Ionu Vrabie\nPhone: +373 69 123 456\n"
    "Item: Dacia Logan, CH AB 123\nReceived: 2026-11-20 09:10\nPromised: 2026-11-24\n\n"
    "## 2026-11-20 09:10 · received\nCar received.\n\n"
    "## 2026-11-20 11:00 · quote 1 [quote]\n"
    "- Frână spate | 950 | urgent\n  Plăcuțele sunt uzate complet.\n"
    "- Oil sump gasket MARKERquote | 300 | advisable\n  Seeping onto the exhaust MARKERqnote.\n"
    '- 2 × 17" alloy wheels, sent by courier | 400 | advisable\n\n'
    "## 2026-11-20 12:00 · Call back about the gasket [staff]\n"
    "Customer asked us to call after six MARKERstaff, wife drives it.\n\n"
    "## 2026-11-20 13:00 · answer [answer]\n"
    "Da, faceți frâna, garnitura mai târziu MARKERanswer.\n"
    "Answer code: J-7/Q1/ADA/ABCDE-FGHJK\n"
)
NAME = "Ionu Vrabie"  # both words are private: disguised whole, so no word shows as it is


def every_character_as(template: str, text: str) -> str:
    return "".join(template.format(ord(c)) for c in text)


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF drawing ``text`` in Helvetica, its cross-reference table counted."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    table = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, table))  # fmt: skip
    return out.getvalue()


def zipped(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


DOCX = zipped({
    "[Content_Types].xml": "<Types/>",
    "word/document.xml": '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Io</w:t></w:r><w:r>'
    '<w:t xml:space="preserve">nu Vra</w:t></w:r><w:r><w:t>bie</w:t></w:r></w:p></w:body></w:document>',
})  # fmt: skip
ODT = zipped({
    "mimetype": "application/vnd.oasis.opendocument.text",
    "content.xml": '<office:document-content xmlns:text="t"><office:body><text:p>Io<text:span>nu'
    "</text:span> Vr<text:span>abie</text:span></text:p></office:body></office:document-content>",
})  # fmt: skip


def disguises(slug: str) -> dict[str, tuple[bytes, str]]:
    """planted file -> (its bytes, what the check must say of it)."""
    job = "contains text of content/jobs/J-7/job.md"
    nfd = unicodedata.normalize("NFD", "Frână spate")
    assert nfd != "Frână spate"
    return {
        # every private field is registered
        "quote/index.html": (b"<p>Oil sump gasket MARKERquote</p>", job),
        "quote-note/index.html": (b"<p>Seeping onto the exhaust MARKERqnote.</p>", job),
        "staff/index.html": (b"<p>asked us to call after six MARKERstaff, wife drives</p>", job),
        "answer/index.html": ("<p>Da, faceți frâna, garnitura mai târziu</p>".encode(), job),
        # what the output's formats encode
        "decimal/index.html": (every_character_as("&#{};", NAME).encode(), job),
        "hex/index.html": (every_character_as("&#x{:x};", NAME).encode(), job),
        "json/data.json": (
            json.dumps({"who": every_character_as("\\u{:04x}", NAME)})
            .encode()
            .replace(b"\\\\", b"\\"),
            job,
        ),
        "url/index.html": (
            f'<a href="/s?q={every_character_as("%{:02X}", NAME)}">x</a>'.encode(),
            job,
        ),
        "plus/index.html": (b'<a href="/s?car=Dacia+Logan%2C+CH+AB+123">x</a>', job),
        "nfd/index.html": (f"<p>{nfd}</p>".encode(), job),
        # written with a raw '"' (where a big output's text is cut) or across a line end
        "inches/index.html": ('<p>2 × 17" alloy wheels, sent by courier</p>'.encode(), job),
        "wrapped/index.html": (b"<p>Call Ionu\nVrabie back</p>", job),
        # a phone number or a plate written another way
        "tel/index.html": (b'<a href="tel:+37369123456">call</a>', job),
        "dashes/index.html": (b"<p>+373-69-123-456</p>", job),
        "plate/index.html": (b"<p>Seen: CHAB123</p>", job),
        "plate-dashes/index.html": (b"<p>ch-ab-123</p>", job),
        # text inside documents and drawings, and base64
        "docs/letter.pdf": (pdf_with_text(NAME), "docs/letter.pdf (its text): " + job),
        "docs/letter.docx": (DOCX, "docs/letter.docx (its text): " + job),
        "docs/letter.odt": (ODT, "docs/letter.odt (its text): " + job),
        "img/card.svg": (
            b'<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20"><tspan>Io'
            b"</tspan><tspan>nu</tspan> <tspan>Vra</tspan><tspan>bie</tspan></text>"
            b"</svg>",
            "img/card.svg: " + job,
        ),
        "img/after.png": (
            png_bytes() + NAME.encode(),
            "img/after.png (after its end): " + job,
        ),
        "b64/index.html": (
            b'<div data-who="' + base64.b64encode(NAME.encode()) + b'"></div>',
            "b64/index.html: " + job,
        ),
        # a sealed file's name and magic, with plain text after them
        f"j/{slug}/p/fake.bin": (
            b"SW1" + b"\0" * 12 + b"plain text, not sealed at all" * 3,
            f"j/{slug}/p/fake.bin: starts like a sealed file but does not open",
        ),
        "j/aaaaaaaaaaaaaaaa/p/fake.bin": (
            b"SW1" + b"\0" * 12 + b"plain text, not sealed at all" * 3,
            "j/aaaaaaaaaaaaaaaa/p/fake.bin: starts like a sealed file but is plain text after it",
        ),
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("disguises")
    build = build_site(root, {f"jobs/{JOB}/job.md": JOB_MD}, env={"SHOPWINDOW_TODAY": "2026-11-21"})
    result = build.check()
    assert result.returncode == 0, result.stderr
    return build


def check_problems(build, output) -> list[str]:
    from pelican.plugins.shopwindow.check import run_check
    from pelican.settings import read_settings

    return run_check(read_settings(str(build.conf)), output)


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("cut", [False, True], ids=["text-whole", "text-cut"])
@pytest.mark.parametrize("planted", sorted(disguises("SLUG")))
def test_a_disguised_private_string_fails_the_check_naming_its_file(
    clean, planted, cut, tmp_path, monkeypatch
):
    """Each disguise, in a small output's text (matched whole) and as a big output's text is read
    (cut into pieces, each distinct piece decoded once)."""
    from pelican.plugins.shopwindow import privacy_scan

    if cut:
        monkeypatch.setattr(privacy_scan, "CUT_FROM_BYTES", 0)
    slug = job_keys(clean, JOB).slug
    name = planted.replace("SLUG", slug)
    data, message = disguises(slug)[name]
    output = tmp_path / "output"
    shutil.copytree(clean.output, output)
    assert check_problems(clean, output) == []
    (output / name).parent.mkdir(parents=True, exist_ok=True)
    (output / name).write_bytes(data)
    problems = check_problems(clean, output)
    assert any(p.startswith(name) and message in p for p in problems), problems


def test_a_link_in_the_output_to_a_folder_fails_the_check(clean, tmp_path):
    """GitHub's Pages artifact and ``aws s3 sync`` follow links: a link to a folder (here a job's)
    would publish whatever it holds. A link to nothing is refused too; a link to a file is read."""
    output = tmp_path / "output"
    shutil.copytree(clean.output, output)
    os.symlink(clean.root / "content" / "jobs" / JOB, output / "photos")
    os.symlink(clean.root / "nowhere", output / "gone.html")
    (clean.root / "about.html").write_text("<p>Ionu Vrabie</p>")
    os.symlink(clean.root / "about.html", output / "about.html")
    problems = check_problems(clean, output)
    assert any(p.startswith("photos: is a link to a folder") for p in problems), problems
    assert any(p.startswith("gone.html: is a link to nothing") for p in problems), problems
    assert any(
        p.startswith("about.html: contains text of content/jobs/J-7/job.md") for p in problems
    )
