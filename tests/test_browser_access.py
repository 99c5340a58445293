"""Private pages in a real Chromium: unlock by code or link, refuse what is wrong, remember, rotate."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from .images import camera_jpeg
from .sitebuild import BIN, SHARED, Server, build_site

pytestmark = pytest.mark.browser

MESSAGES = {
    "wrong": "That code does not open this page. Check it and try again: it has 10 letters and digits.",
    "changed": "This page's files were changed or moved after they were published, so they cannot be trusted. Please tell us.",
    "gone": "This page no longer exists. If you expected it, please contact us.",
}


def site_files() -> dict:
    files = {}
    for job in ("J-A", "J-B"):
        files[f"jobs/{job}/job.md"] = f"Title: {job}\n\n## 2026-11-21 10:30 · received\nIn.\n"
    files["pages/a.md"] = "Title: Estimate A\nAccess: J-A\n\nBody of page A.\n\n![disc](disc.jpg)\n"
    files["pages/a2.md"] = "Title: Invoice A\nAccess: J-A\n\nBody of page A2.\n"
    files["pages/b.md"] = "Title: Estimate B\nAccess: J-B\n\nBody of page B.\n"
    files["pages/disc.jpg"] = camera_jpeg((1200, 900))
    return files


def link(build, job: str) -> dict:
    result = subprocess.run(
        [
            BIN / "shopwindow",
            "--settings",
            str(build.conf),
            "job",
            "link",
            job,
            "--json",
            "--local",
        ],
        capture_output=True,
        text=True,
        cwd=build.root,
        check=True,
    )
    return json.loads(result.stdout)


def page_path(info: dict, title: str) -> str:
    return next(
        p["url"].split("/", 3)[3].split("#")[0] for p in info["pages"] if p["title"] == title
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("access")
    build = build_site(root, site_files())
    return build, {job: link(build, job) for job in ("J-A", "J-B")}


@pytest.fixture
def served(site, tmp_path):
    """A copy of the built site, so a test may damage it."""
    build, links = site
    folder = tmp_path / "served"
    shutil.copytree(build.output, folder)
    with Server(folder) as server:
        yield server, folder, links


def open_with_code(page, url: str, code: str) -> None:
    page.goto(url)
    page.fill("#access-code", code)
    page.click("#unlock-form button[type=submit]")


def test_right_code_typed_opens_the_page_with_its_photo(served, page, artifacts):
    server, _, links = served
    info = links["J-A"]
    typed = info["code"].lower().replace("0", "o").replace("1", "l")  # forgiving of case, O/0, L/1
    open_with_code(page, f"{server.url}/{page_path(info, 'Estimate A')}", typed)
    page.wait_for_selector("#view:not([hidden])")
    assert "Body of page A." in page.inner_text("#view")
    # The tab, history and synced tabs never hold a private title: the shell's generic one stays.
    assert page.title() == "Private page · Bright Garage"
    image = page.locator("#view img.sealed")
    image.scroll_into_view_if_needed()
    page.wait_for_selector("#view img.sealed.is-open")
    assert image.evaluate("img => img.src.startsWith('blob:') && img.naturalWidth > 0")
    page.screenshot(path=artifacts / "private-page-1280.png", full_page=True)
    assert page.errors == []


def test_link_with_code_opens_and_the_fragment_is_gone(served, page):
    server, _, links = served
    info = links["J-A"]
    url = next(p["url"] for p in info["pages"] if p["title"] == "Invoice A")
    page.goto(url.replace("http://127.0.0.1:8000", server.url))
    page.wait_for_selector("#view:not([hidden])")
    assert "Body of page A2." in page.inner_text("#view")
    assert "#" not in page.url and info["code"].replace("-", "") not in page.url
    assert page.evaluate("location.hash") == ""


def test_wrong_code_says_so(served, page):
    server, _, links = served
    open_with_code(
        page, f"{server.url}/{page_path(links['J-A'], 'Estimate A')}", links["J-B"]["code"]
    )
    expect(page.locator("#unlock-message")).to_have_text(MESSAGES["wrong"])
    assert page.locator("#view").is_hidden()


def test_one_changed_byte_in_the_view_says_changed(served, page):
    server, folder, links = served
    path = page_path(links["J-A"], "Estimate A")
    view = folder / path / "view.bin"
    data = bytearray(view.read_bytes())
    data[len(data) // 2] ^= 0x01
    view.write_bytes(bytes(data))
    open_with_code(page, f"{server.url}/{path}", links["J-A"]["code"])
    expect(page.locator("#unlock-message")).to_have_text(MESSAGES["changed"])


def test_swapped_view_files_fail(served, page):
    server, folder, links = served
    a, a2 = page_path(links["J-A"], "Estimate A"), page_path(links["J-A"], "Invoice A")
    view_a, view_a2 = (
        (folder / a / "view.bin").read_bytes(),
        (folder / a2 / "view.bin").read_bytes(),
    )
    (folder / a / "view.bin").write_bytes(view_a2)
    (folder / a2 / "view.bin").write_bytes(view_a)
    for path in (a, a2):
        open_with_code(page, f"{server.url}/{path}", links["J-A"]["code"])
        expect(page.locator("#unlock-message")).to_have_text(MESSAGES["changed"])
        assert page.locator("#view").is_hidden()


def test_a_removed_page_says_it_no_longer_exists(served, page):
    server, folder, links = served
    path = page_path(links["J-B"], "Estimate B")
    (folder / path / "view.bin").unlink()
    open_with_code(page, f"{server.url}/{path}", links["J-B"]["code"])
    expect(page.locator("#unlock-message")).to_have_text(MESSAGES["gone"])


def test_remember_keeps_it_open_and_forget_asks_again(served, browser):
    server, _, links = served
    context = browser.new_context()
    page = context.new_page()
    url = f"{server.url}/{page_path(links['J-B'], 'Estimate B')}"
    page.goto(url)
    page.fill("#access-code", links["J-B"]["code"])
    page.check("#remember")
    page.click("#unlock-form button[type=submit]")
    page.wait_for_selector("#forget:not([hidden])")
    page.reload()
    page.wait_for_selector("#view:not([hidden])")
    assert "Body of page B." in page.inner_text("#view")
    page.click("#forget")
    page.wait_for_selector("#unlock:not([hidden])")
    page.reload()
    page.wait_for_timeout(500)
    assert page.locator("#view").is_hidden() and page.locator("#access-code").is_visible()
    context.close()


def test_rotation_old_code_fails_new_code_works(tmp_path, browser):
    build = build_site(tmp_path, site_files())
    before = link(build, "J-B")
    result = subprocess.run(
        [
            BIN / "shopwindow",
            "--settings",
            str(build.conf),
            "job",
            "link",
            "J-B",
            "--rotate",
            "--json",
            "--local",
        ],
        capture_output=True,
        text=True,
        cwd=build.root,
    )
    assert result.returncode == 0, result.stderr
    after = json.loads(result.stdout)
    assert after["code"] != before["code"] and after["slug"] == before["slug"]
    assert "Code-Version: 2" in (tmp_path / "content/jobs/J-B/job.md").read_text()
    build_site(tmp_path)
    context = browser.new_context()
    page = context.new_page()
    with Server(build.output) as server:
        url = f"{server.url}/{page_path(after, 'Estimate B')}"
        open_with_code(page, url, before["code"])
        expect(page.locator("#unlock-message")).to_have_text(MESSAGES["wrong"])
        open_with_code(page, url, after["code"])
        page.wait_for_selector("#view:not([hidden])")
        assert "Body of page B." in page.inner_text("#view")
    context.close()


BROWSER_VECTORS = """async (data) => {
  const A = window.ShopwindowAccess, out = [];
  for (const [typed, normalised] of data.normalisation_examples) {
    if (A.normaliseCode(typed) !== normalised) out.push("normalise " + typed);
  }
  for (const c of data.cases) {
    const lock = {slug: c.slug, salt: c.salt_b64, iterations: c.iterations, wrapped: c.wrapped_b64};
    const key = await A.unwrapContentKey(lock, c.code_shown);
    const plain = new Uint8Array(await A.openSealed(key, c.slug, c.file.name, A.fromBase64(c.file.encrypted_b64)));
    const expected = A.fromBase64(c.file.plaintext_b64);
    if (plain.length !== expected.length || plain.some((b, i) => b !== expected[i])) out.push("file " + c.job);
    try { await A.openSealed(key, c.slug, c.file.name + "x", A.fromBase64(c.file.encrypted_b64)); out.push("moved " + c.job); }
    catch (e) { /* expected: the name is bound */ }
  }
  const answers = data.answers || [];
  for (const a of answers) {
    const code = await A.answerCode(A.fromBase64(a.answer_key_b64), a.job, a.quote_version, a.choices);
    if (code !== a.answer_code) out.push("answer " + a.job + " " + a.choices + ": " + code);
  }
  const bound = data.bound_answers || [];
  for (const a of bound) {
    const digest = await A.quoteDigest(a.items, a.currency);
    if (digest !== a.quote_digest) out.push("digest " + a.job + ": " + digest);
    const code = await A.answerCode(A.fromBase64(a.answer_key_b64), a.job, a.quote_version, a.choices, digest);
    if (code !== a.answer_code) out.push("bound answer " + a.job + ": " + code);
  }
  return {problems: out, cases: data.cases.length, answers: answers.length, bound: bound.length};
}"""


def run_vectors_in_browser(page, served_url: str, data: dict) -> dict:
    page.goto(served_url)
    page.wait_for_load_state("load")
    return page.evaluate(BROWSER_VECTORS, data)


def test_project_vectors_open_in_chromium_with_unlock_js(served, page):
    server, _, links = served
    data = json.loads(
        (__import__("pathlib").Path(__file__).parent / "vectors" / "access-v1.json").read_text()
    )
    result = run_vectors_in_browser(
        page, f"{server.url}/{page_path(links['J-A'], 'Estimate A')}", data
    )
    assert result == {"problems": [], "cases": 4, "answers": 6, "bound": 4}


def test_shared_vectors_open_in_chromium_with_unlock_js(served, page):
    vectors = SHARED / "fixtures" / "access-vectors.json"
    if not vectors.is_file():
        pytest.skip(
            "../shared/fixtures/access-vectors.json is not beside this checkout (it is in CI)"
        )
    server, _, links = served
    result = run_vectors_in_browser(
        page,
        f"{server.url}/{page_path(links['J-A'], 'Estimate A')}",
        json.loads(vectors.read_text()),
    )
    assert result["problems"] == [] and result["cases"] >= 4


def test_plain_http_on_a_real_host_explains_instead_of_failing(served, playwright):
    from .conftest import CHROMIUM, CHROMIUM_ARGS

    server, _, links = served
    port = server.url.rsplit(":", 1)[1]
    # shop.test resolves to this machine, but http:// on a non-local name is not a secure context.
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP shop.test 127.0.0.1"],
    )
    page = chromium.new_page()
    page.goto(f"http://shop.test:{port}/{page_path(links['J-A'], 'Estimate A')}")
    expect(page.locator("#unlock-message")).to_have_text(
        "This browser cannot open private pages here: it needs a secure (https) connection and a current browser."
    )
    assert page.locator("#unlock-form").is_hidden()
    chromium.close()
