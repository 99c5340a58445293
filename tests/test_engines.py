"""The job page in the three engines of our customers' phones: Chromium (Chrome on Android), WebKitGTK
(Safari's engine) and Firefox ESR, each on a phone-sized screen, driven as the customer does: the link
or the typed code, taps, keys and scrolling. No test calls ``play()`` or sets what a person could not;
every test ends with no error on the page, in the engine's console or at the server."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from .clips import make_clip
from .engines import ENGINES, ChromiumEngine, FirefoxEngine, WebKitEngine, missing
from .images import camera_jpeg
from .sitebuild import Server, build_site, free_port, shopwindow_command

pytestmark = pytest.mark.browser

TODAY = "2026-11-21"
START = dt.datetime(2026, 11, 21, 8, 0)
FRAMES = 40  # ten minutes apart, at 8 a second: a film of 5 s in two segments (24 + 16 frames)
PHOTOS = 6
JOB = (
    "Title: Respray and brakes\nCustomer: Ana Rusu\nPromised: 2026-11-24\nStatus: active\n\n"
    "## 2026-11-21 08:00 · received · booth-1\nIn the paint booth.\n"
    + "".join(f"![Panel {n}](panel-{n}.jpg)\n" for n in range(1, 4))
    + "\n## 2026-11-21 12:00 · repair\nListen to the rear axle.\n![The noise](axle.mp4)\n"
    + "".join(f"![Disc {n}](disc-{n}.jpg)\n" for n in range(4, PHOTOS + 1))
)


def frame(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 360), (20 + 5 * n, 60, 90)).save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory, monkeypatch_module):
    """One job with photos, a clip, a timelapse and the camera; one quote to answer per engine; a done
    job to recommend. Served on one port, with every page's errors heard."""
    monkeypatch_module.setenv("SHOPWINDOW_TODAY", TODAY)
    root = tmp_path_factory.mktemp("engines")
    camera = root / "booth-1"
    camera.mkdir()
    for n in range(FRAMES):
        when = START + dt.timedelta(minutes=10 * n)
        (camera / f"booth-1_{when:%Y%m%d_%H%M%S}.jpg").write_bytes(frame(n))
    files = {"jobs/J-1/job.md": JOB}
    for n in range(1, PHOTOS + 1):
        files[f"jobs/J-1/{'panel' if n < 4 else 'disc'}-{n}.jpg"] = camera_jpeg((1200, 900))
    make_clip(root / "axle.mp4", seconds=1.0)
    files["jobs/J-1/axle.mp4"] = (root / "axle.mp4").read_bytes()
    port = free_port()
    settings = {
        "SITEURL": f"http://127.0.0.1:{port}",
        "cameras": {"booth-1": str(camera)},
        "timelapse_fps": 8,
        "business": {"name": "Bright Garage", "email": "hello@bright-garage.example"},
    }
    build = build_site(root, files, settings)
    run = shopwindow_command(build)
    for engine in ENGINES:
        run("job", "new", f"Q-{engine}", "--title", "Brakes", "--customer", "Ion P.",
            "--promise-days", "3", "--json")  # fmt: skip
        run("job", "quote", f"Q-{engine}", "--item", "Rear discs | 1150 | urgent",
            "--item", "Wiper blades | 240 | advisable")  # fmt: skip
    run("job", "new", "R-1", "--title", "Gearbox", "--customer", "Dan N.", "--promise-days", "1",
        "--json")  # fmt: skip
    run("job", "done", "R-1")
    build = build_site(root, settings=settings)
    links = {
        job: json.loads(run("job", "link", job, "--json", "--local").stdout)
        for job in ("J-1", "R-1", *(f"Q-{engine}" for engine in ENGINES))
    }
    with Server(build.output, port, watch_errors=True) as server:
        yield build, links, server, run


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module", params=ENGINES)
def engine(request, site):
    lacking = missing()
    assert not lacking, f"missing {', '.join(lacking)}: run make prerequisites (as root)"
    server = site[2]
    if request.param == "chromium":
        made = ChromiumEngine(request.getfixturevalue("browser"), server.errors)
    elif request.param == "webkit":
        made = WebKitEngine(server.errors)
    else:
        made = FirefoxEngine(server.errors)
    yield made
    made.close()


@pytest.fixture
def customer(engine):
    """The engine, for one test: it must end with no error anywhere."""
    mark = engine.mark()
    yield engine
    errors = engine.errors_since(mark)
    assert not errors, f"{engine.name}: errors while the customer used the page: {errors}"


def open_by_link(engine, link) -> None:
    engine.open(link["url"])
    engine.wait_until("!document.getElementById('view').hidden", "the job page opens from its link")


def test_the_link_opens_the_job_and_its_code_leaves_the_address_bar(site, customer):
    _, links, *_ = site
    open_by_link(customer, links["J-1"])
    assert "#" not in customer.url()
    assert customer.text("#view .stage[aria-current=step] .stage-label") == "Repair"
    assert "Listen to the rear axle." in customer.text("#view")


def test_a_typed_code_opens_it_a_wrong_one_says_so_and_the_device_remembers_and_forgets(
    site, customer
):
    _, links, *_ = site
    link = links["J-1"]
    customer.open(link["address"])
    wrong = (
        "2222" + link["code"][4:]
        if not link["code"].startswith("2222")
        else "3333" + link["code"][4:]
    )
    customer.type("#access-code", wrong)
    customer.tap("#unlock-form button[type=submit]")
    customer.wait_until(
        "document.getElementById('unlock-message').textContent.startsWith('That code does not open')",
        "a wrong code says so",
    )
    customer.reload()
    customer.type("#access-code", link["code"].lower())  # as typed on a phone
    customer.tap("#remember")
    customer.tap("#unlock-form button[type=submit]")
    customer.wait_until("!document.getElementById('view').hidden", "the typed code opens the page")
    customer.reload()
    customer.wait_until(
        "!document.getElementById('view').hidden", "the remembered device opens it without the code"
    )
    customer.tap("#forget")
    customer.wait_until(
        "document.getElementById('unlock-message').textContent === 'This device no longer remembers the code.'",
        "forget says so",
    )
    customer.reload()
    customer.wait_until("!document.getElementById('unlock').hidden", "the form asks again")
    assert customer.read("document.getElementById('view').hidden") is True


def test_photos_open_as_they_are_scrolled_to_even_after_a_fast_scroll(site, customer):
    _, links, *_ = site
    open_by_link(customer, links["J-1"])
    on_screen_and_sealed = (
        "[...document.querySelectorAll('#view .photos img.sealed')].filter(i => {"
        " const b = i.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight"
        " && !i.classList.contains('is-open'); }).length"
    )
    customer.tap("#view h1, #view h2")  # a tap on the page, then the keyboard's fast scrolls
    for key in ("End", "Home", "End"):
        customer.press(key)
        customer.wait_until(
            f"({on_screen_and_sealed}) === 0", f"the photos on screen open after {key}"
        )
    count = customer.read("document.querySelectorAll('#view img.sealed').length")
    assert count >= PHOTOS
    for n in range(count):
        customer.scroll_to("#view img.sealed", n)
        customer.wait_until(
            f"document.querySelectorAll('#view img.sealed')[{n}].classList.contains('is-open')"
            f" && document.querySelectorAll('#view img.sealed')[{n}].naturalWidth > 0",
            f"photo {n + 1} opens when scrolled to",
        )


def film_state(css: str) -> str:
    return (
        f"(v => ({{paused: v.paused, ended: v.ended, time: v.currentTime, duration: v.duration,"
        f" seekable: v.seekable.length ? v.seekable.end(0) : 0, controls: v.controls,"
        f" button: !!v.parentNode.querySelector('.film-play')}}))(document.querySelector({json.dumps(css)}))"
    )


def test_the_clip_starts_with_a_tap_and_plays_to_its_end(site, customer):
    _, links, *_ = site
    open_by_link(customer, links["J-1"])
    customer.scroll_to("#view .clips video.sealed")
    label = customer.read(
        "document.querySelector('#view .clips .film-play').getAttribute('aria-label')"
    )
    assert label == "Play: The noise"
    customer.tap("#view .clips .film-play")
    customer.wait_until(
        "(v => v.ended && v.currentTime > 0.9)(document.querySelector('#view .clips video.sealed'))",
        "the clip plays to its end",
    )
    state = customer.read(film_state("#view .clips video.sealed"))
    assert state["controls"] and not state["button"], "the browser's own controls, once it plays"
    assert state["duration"] == pytest.approx(1.0, abs=0.1)


def test_the_timelapse_starts_with_a_tap_and_plays_whole_with_the_pages_times(site, customer):
    _, links, *_ = site
    open_by_link(customer, links["J-1"])
    film = "#view video.timelapse"
    customer.scroll_to(film)
    caption = "#view .timelapse-time"
    assert customer.text(caption) == "From 21 Nov 08:00 to 21 Nov 14:30"
    customer.tap("#view .timelapse-film .film-play")
    customer.wait_until(
        f"document.querySelector('{film}').currentTime > 0.5", "the timelapse plays"
    )
    shown = customer.text(caption)
    assert re.fullmatch(r"21 Nov (0[89]|1[0-4]):[0-5]0", shown), (
        f"as the page writes a time: {shown}"
    )
    customer.wait_until(f"document.querySelector('{film}').ended", "the timelapse plays to its end")
    state = customer.read(film_state(film))
    assert state["duration"] == pytest.approx(FRAMES / 8, abs=0.15), "the whole film's duration"
    assert state["time"] == pytest.approx(FRAMES / 8, abs=0.2), "it played to its last frame"
    assert state["seekable"] == pytest.approx(FRAMES / 8, abs=0.15), "seekable to its end"
    assert customer.text(caption) == "21 Nov 14:30", "the last frame's time"


def tab_to(customer, css: str, what: str) -> None:
    """Press Tab until ``css`` has the focus (at most 60 times), as a keyboard user moves."""
    for _ in range(60):
        customer.press("Tab")
        if customer.read(f"document.activeElement.matches({json.dumps(css)})"):
            return
    pytest.fail(f"{customer.name}: Tab never reached {what}")


def test_the_play_buttons_are_reached_with_tab_and_started_with_space_and_enter(site, customer):
    _, links, *_ = site
    # Each from the top of the page: in Firefox, Tab from a film that plays goes through its
    # controls, and a key on the next button then did not press it over Marionette.
    for button, key, film, what in (
        (".clips .film-play", "Enter", "#view .clips video.sealed", "the clip"),
        (".timelapse-film .film-play", "Space", "#view video.timelapse", "the timelapse"),
    ):
        open_by_link(customer, links["J-1"])
        customer.tap("#view h1, #view h2")
        tab_to(customer, button, f"{what}'s play button")
        customer.press(key)
        customer.wait_until(
            f"document.querySelector({json.dumps(film)}).currentTime > 0.2",
            f"{key} on the play button plays {what}",
        )
        assert customer.read(
            f"document.activeElement === document.querySelector({json.dumps(film)})"
        ), "focus stays on the film"


def test_the_lightbox_opens_with_a_tap_and_steps_with_the_keys(site, customer):
    _, links, *_ = site
    open_by_link(customer, links["J-1"])
    customer.scroll_to("#view .photos img.sealed")
    customer.wait_until(
        "document.querySelector('#view .photos img.sealed').classList.contains('is-open')",
        "the first photo opens",
    )
    customer.tap("#view .photos img.sealed")
    customer.wait_until("document.querySelector('dialog.lightbox[open]')", "the lightbox opens")
    total = customer.read(
        "document.querySelectorAll('#view .photos img.sealed, #view .clips video.sealed').length"
    )
    assert customer.text("dialog.lightbox .lightbox-count") == f"Photo 1 of {total}"
    customer.press("ArrowRight")
    customer.wait_until(
        f"document.querySelector('dialog.lightbox .lightbox-count').textContent === 'Photo 2 of {total}'",
        "ArrowRight shows the next photo",
    )
    customer.press("ArrowLeft")
    customer.wait_until(
        f"document.querySelector('dialog.lightbox .lightbox-count').textContent === 'Photo 1 of {total}'",
        "ArrowLeft shows the one before",
    )
    customer.press("Escape")
    customer.wait_until("!document.querySelector('dialog.lightbox[open]')", "Escape closes it")


def test_the_quote_answer_links_carry_a_code_the_shop_records(site, customer):
    _, links, _, run = site
    job = f"Q-{customer.name}"
    open_by_link(customer, links[job])
    customer.scroll_to("#view .found-work")
    customer.tap("#view .found-work input[value=A]", 0)
    assert customer.read("document.querySelector('#view a[data-channel=email][href]')") is None
    customer.tap("#view .found-work input[value=D]", 1)
    href = customer.wait_until(
        "(a => a && a.href)(document.querySelector('#view a[data-channel=email][href]'))",
        "the answer is ready to send",
    )
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert re.search(rf"Answer code: {job}/Q1/AD/(V2/)?\w{{5}}-\w{{5}}", body), body
    recorded = run("job", "answer", job, body)
    assert "Recorded: approved 1 of 2 items, total 1,150." in recorded.stdout


def test_recommend_us_on_a_done_job(site, customer):
    _, links, *_ = site
    open_by_link(customer, links["R-1"])
    customer.scroll_to("#view .recommend")
    customer.tap("#view .recommend-share")
    said = customer.wait_until(
        "document.querySelector('#view .recommend-status').textContent", "recommend answers the tap"
    )
    assert said in (
        "Link copied: paste it into a message to a friend.",
        "Select the link above and copy it.",
    ), said
    link = customer.read("document.querySelector('#view .referral-link').value")
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?ref=\w{8}", link), link


def test_a_done_jobs_customer_writes_a_testimonial_the_shop_adds(site, customer):
    """The card on a done job's page: a tap on the stars, the words typed, the consent ticked; the
    message the email link carries is added by the shop, checked by its code."""
    _, links, _, run = site
    open_by_link(customer, links["R-1"])
    customer.scroll_to("#view .testimonial-card")
    customer.tap("#view .testimonial-card input[name=rating][value='4']")
    customer.type("#view #testimonial-words", f"Gearbox fixed in a day ({customer.name}).")
    assert (
        customer.read("document.querySelector('#view .testimonial-card a[data-channel][href]')")
        is None
    )
    customer.tap("#view .testimonial-card input[name=consent]")
    href = customer.wait_until(
        "(a => a && a.href)(document.querySelector('#view .testimonial-card a[data-channel=email][href]'))",
        "the testimonial is ready to send",
    )
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert "Name to show: Dan N." in body, body
    added = run("testimonial", "add", body)
    assert "written as pending, from job R-1 (4 of 5)" in added.stdout, added.stdout


def test_the_error_watch_hears_what_a_page_gets_wrong(site, engine):
    """The harness itself: every test above ends with 'no error'; that means something only if a broken
    page is heard in each engine (a script's uncaught error, a rejected promise, an image that fails)."""
    build, _, server, _ = site
    broken = build.output / "broken-page"
    broken.mkdir(exist_ok=True)
    (broken / "broken.js").write_text(
        "Promise.reject(new TypeError('nobody caught this'));\n"
        "throw new RangeError('thrown on purpose');\n"
    )
    (broken / "index.html").write_text(
        "<!doctype html><html><head><title>Broken</title></head><body>"
        '<img src="no-such-photo.jpg" alt="gone"><script src="broken.js"></script></body></html>'
    )
    mark = engine.mark()
    engine.open(f"{server.url}/broken-page/")
    heard = []
    for _ in range(50):
        heard = engine.errors_since(mark)
        if len(heard) >= 4:
            break
    assert "404 /broken-page/no-such-photo.jpg" in heard
    assert any("RangeError: thrown on purpose" in error for error in heard), heard
    assert any("unhandled rejection TypeError: nobody caught this" in error for error in heard), (
        heard
    )
    assert any("failed to load img" in error for error in heard), heard
    engine.go("about:blank")
    engine.settle()  # what the broken page still reports is not the next test's


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory, monkeypatch_module):
    """A shop whose watcher serves the staff page (``watch --staff``); a photo and a clip on disk."""
    from .test_watch import Watch

    root = tmp_path_factory.mktemp("staff")
    monkeypatch_module.setenv("SHOPWINDOW_TODAY", TODAY)
    build = build_site(root, {"pages/about.md": "Title: About\n\nHi.\n"},
                       {"public_url": "https://bright-garage.example"})  # fmt: skip
    (root / "IMG_0001.jpg").write_bytes(camera_jpeg())
    make_clip(root / "VID_0002.mp4")
    port = free_port()
    watch = Watch(build, "--staff", f"127.0.0.1:{port}").start()
    yield build, f"http://127.0.0.1:{port}"
    assert watch.stop() == 0


def test_a_phone_pairs_opens_a_job_and_sends_a_photo_and_a_clip_from_the_staff_page(
    staff_site, engine
):
    """The staff page's forms as each engine sends them: its Origin, its SameSite=Strict cookie after
    the pairing's redirect, the camera's files, a tapped stage."""
    build, base = staff_site
    run = shopwindow_command(build)
    job_id = f"S-{engine.name}"
    pairing = json.loads(
        run("staff", "pair", "--name", f"{engine.name} phone", "--url", base, "--json").stdout
    )
    mark = engine.mark()
    engine.open(pairing["url"])
    engine.tap("form[action='/pair'] button")
    engine.wait_until("document.querySelector('h1') && "
                      "document.querySelector('h1').textContent === 'Jobs in work'",
                      "the paired phone sees the jobs")  # fmt: skip
    engine.tap("nav a[href='/jobs/new']")
    engine.wait_until("document.getElementById('job_id')", "the counter's form")
    for field, value in (("job_id", job_id), ("title", "Brakes"), ("customer", "Ion Popescu"),
                         ("days", "2")):  # fmt: skip
        engine.type(f"#{field}", value)
    engine.tap("form.new button[type=submit]")
    engine.wait_until("document.querySelector('.code')", "the ticket with the code")
    engine.tap(f"a[href='/jobs/{job_id}']")
    engine.wait_until("document.getElementById('files')", "the job's page")
    engine.choose_files(
        "#files", [str(build.root / "IMG_0001.jpg"), str(build.root / "VID_0002.mp4")]
    )
    engine.tap("input[name=stage][value=repair]")
    engine.type("#note", "Pads replaced.")
    engine.tap("form.update button[type=submit]")
    engine.wait_until("document.querySelector('.sent')", "the update is sent")
    assert engine.errors_since(mark) == []
    log = (build.root / "content" / "jobs" / job_id / "job.md").read_text()
    assert log.endswith("· repair\nPads replaced.\n![](IMG_0001.jpg)\n![](VID_0002.mp4)\n"
                        f"<!-- device: {engine.name} phone -->\n")  # fmt: skip
