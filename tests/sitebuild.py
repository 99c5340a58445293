"""Build a small site in a temporary folder with the project's pelicanconf.py: in this process (the
fast tier: ``register()`` is idempotent, and each build's other receivers are disconnected after it)
or, with ``command=True``, by the ``pelican`` command line where that is the subject.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import logging
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import blinker

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
BIN = Path(sys.executable).parent
# The day the example content's story is told (its jobs' promises, what is done and still kept): a
# build of the example content is pinned to it, whatever the machine's date.
EXAMPLE_DAY = {"SHOPWINDOW_TODAY": "2026-11-22"}
# A site secret for tests that set SHOPWINDOW_SECRET, as CI would: made once with secrets.token_hex(32).
CI_SECRET = "e452cd32ba9a1e94f171a565af8c28b144067828d365591de69301908491d6bf"


@dataclass
class Build:
    root: Path
    output: Path
    conf: Path
    returncode: int
    log: str
    env: dict | None = None  # the environment it was built in

    def read(self, name: str) -> str:
        return (self.output / name).read_text(encoding="utf-8")

    def all_bytes(self) -> list[tuple[Path, bytes]]:
        return [(p, p.read_bytes()) for p in sorted(self.output.rglob("*")) if p.is_file()]

    def check(self) -> subprocess.CompletedProcess:
        """``shopwindow check`` of the output, in this process, in the environment it was built in."""
        return run_shopwindow(
            ["--settings", str(self.conf), "check", str(self.output)], self.root, self.env
        )


@dataclass
class OpenedJob:
    """A job's page as its customer sees it after unlocking: the view, every photo and every linked
    file, decrypted."""

    slug: str
    code: str
    view: str
    photos: dict[str, bytes]  # sealed name -> decrypted JPEG (a clip's poster too)
    files: dict[str, bytes]  # the file's own name, as the browser saves it -> decrypted bytes
    clips: dict[str, bytes] = None  # sealed name -> decrypted MP4 ("timelapse": the joined film)


def site_secret(build: Build) -> bytes:
    """The secret the build sealed with: its environment's, else the site's secret file."""
    from pelican.plugins.shopwindow.access.secret import load_secret
    from pelican.settings import read_settings

    if build.env and build.env.get("SHOPWINDOW_SECRET"):
        return bytes.fromhex(build.env["SHOPWINDOW_SECRET"])
    return load_secret(read_settings(str(build.conf)), create=False)


def job_keys(build: Build, job_id: str):
    from pelican.plugins.shopwindow.access import format as fmt
    from pelican.plugins.shopwindow.jobs.model import read_job_header
    from pelican.settings import read_settings

    settings = read_settings(str(build.conf))
    header = read_job_header(settings, job_id)
    return fmt.derive(site_secret(build), job_id, header.code_version)


def page_folder(build: Build, job_id: str, relative_path: str) -> str:
    """The opaque folder below j/<slug>/ of the private page ``relative_path`` (below content/)."""
    from pelican.plugins.shopwindow.private.pages import page_id

    return page_id(site_secret(build), job_id, relative_path)


def open_job(build: Build, job_id: str, page_id: str = "") -> OpenedJob:
    import base64
    import json
    import re

    from pelican.plugins.shopwindow.access import format as fmt
    from pelican.plugins.shopwindow.markup import tags_in

    keys = job_keys(build, job_id)
    folder = build.output / "j" / keys.slug
    prefix = f"{page_id}/" if page_id else ""
    shell = (folder / prefix / "index.html").read_text()
    lock = json.loads(re.search(r'id="shopwindow-lock">(.*?)</script>', shell).group(1))
    wrapped = base64.b64decode(lock["wrapped"])
    content_key = fmt.unwrap_content_key(
        keys.slug, keys.code, keys.salt, lock["iterations"], wrapped
    )

    def opened(name: str) -> bytes:
        return fmt.open_sealed(content_key, keys.slug, name, (folder / name).read_bytes())

    view = opened(f"{prefix}view.bin").decode()
    photos = {}
    files = {}
    clips = {}
    for _, attributes in tags_in(view, "img", "a", "video"):
        for name, _width in json.loads(attributes.get("data-sw-renditions", "[]")):
            photos[name] = opened(name)
        for name, _width in json.loads(attributes.get("data-sw-poster", "[]")):
            photos[name] = opened(name)
        if "data-sw-clip" in attributes:
            name, size = json.loads(attributes["data-sw-clip"])
            clips[name] = opened(name)
            assert len(clips[name]) == size
        if "data-sw-film" in attributes:  # the timelapse: its header, then every segment, joined
            film = json.loads(attributes["data-sw-film"])
            parts = [opened(film["header"])]
            for name, size in film["parts"]:
                parts.append(opened(name))
                assert len(parts[-1]) == size
            clips["timelapse"] = b"".join(parts)
        if "data-sw-file" in attributes:
            name, filename, _kind, size = json.loads(attributes["data-sw-file"])
            files[filename] = opened(name)
            assert len(files[filename]) == size
    return OpenedJob(keys.slug, keys.code, view, photos, files, clips)


def open_page(build: Build, job_id: str, relative_path: str) -> OpenedJob:
    """A private page or article (``Access: job_id``) as its reader sees it after unlocking."""
    return open_job(build, job_id, page_folder(build, job_id, relative_path))


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def _site_conf(
    root: Path, files: dict | None, settings: dict | None, conf_file: str
) -> tuple[Path, Path]:
    """The content written and a settings file for it (``root/testconf.py``), on top of the project's."""
    from pelican.plugins.shopwindow.settings import DEFAULTS

    settings = dict(settings or {})
    content = Path(settings.get("PATH", root / "content"))
    content.mkdir(parents=True, exist_ok=True)
    write_files(content, files or {})
    shopwindow = {"secret_path": str(root / "secret")}
    shopwindow.update({key: settings.pop(key) for key in list(settings) if key in DEFAULTS})
    overrides = {
        "PATH": str(content),
        "OUTPUT_PATH": str(root / "output"),
        "CACHE_PATH": str(root / "cache"),
        **settings,
    }
    conf = root / "testconf.py"
    conf.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(PROJECT)!r})\n"
        # In-process, Pelican keeps each settings file it read as a module by its name: the project's
        # files are read afresh, never another site's pelicanconf.py read earlier in this process.
        "for name in ('pelicanconf', 'publishconf'):\n    sys.modules.pop(name, None)\n"
        f"from {Path(conf_file).stem} import *\n"
        + "".join(f"{key} = {value!r}\n" for key, value in overrides.items())
        + f"SHOPWINDOW = {{**globals().get('SHOPWINDOW', {{}}), **{shopwindow!r}}}\n",
        encoding="utf-8",
    )
    return conf, content


def _build_env(settings: dict | None, env: dict | None) -> dict[str, str]:
    values = {"COLUMNS": "400", **(env or {})}
    if str((settings or {}).get("SITEURL", "")).startswith("https://"):
        # A public address makes it a publish build, which takes the secret from the environment only.
        values.setdefault("SHOPWINDOW_SECRET", CI_SECRET)
    return values


def build_site(
    root: Path,
    files: dict[str, str | bytes] | None = None,
    settings: dict | None = None,
    fatal: bool = True,
    conf_file: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    command: bool = False,
) -> Build:
    """Write ``files`` under ``root/content`` and build them; fail on any unexpected error when fatal.

    ``settings`` are Pelican's (upper case) and Shopwindow's (the lower-case keys of its SHOPWINDOW
    dict, merged into the project's); ``env`` adds to the environment it builds in. The build runs in
    this process unless ``command`` asks for the ``pelican`` command line (``--fatal errors``)."""
    conf, content = _site_conf(root, files, settings, conf_file)
    if not command:
        return _build_in_process(root, conf, fatal, _build_env(settings, env))
    command = [BIN / "pelican", str(content), "-s", str(conf), "-o", str(root / "output")]
    if fatal:
        command += ["--fatal", "errors"]
    env = {**os.environ, **_build_env(settings, env)}
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env)
    build = Build(
        root, root / "output", conf, result.returncode, result.stdout + result.stderr, env
    )
    if fatal:
        assert result.returncode == 0, f"the build failed:\n{build.log}"
    return build


@contextlib.contextmanager
def environment(values: dict[str, str]):
    """``os.environ`` with ``values`` set, as they were afterwards."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def only_this_builds_receivers():
    """Blinker's signals (Pelican's, and those of pelican-granular-signals that pelican-precompress
    uses) as they were before: the receivers a build's plugins connected, such as pelican-seo's, would
    act on every later build in this process, so they are disconnected afterwards (Shopwindow's
    ``register()`` connects its own again in the next build). pelican-sitemap keeps the first Pelican
    of the process and its pages in one object: it starts afresh for each build."""
    import weakref

    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if sitemap is not None:
        sitemap.generator.__init__()
    before = {name: set(signal.receivers) for name, signal in blinker.default_namespace.items()}
    try:
        yield
    finally:
        # signals made during the build too (granular-signals makes "compress" when it registers)
        for name, signal in list(blinker.default_namespace.items()):
            for key in set(signal.receivers) - before.get(name, set()):
                receiver = signal.receivers[key]
                if isinstance(receiver, weakref.ref):
                    receiver = receiver()
                if receiver is not None:
                    signal.disconnect(receiver)


class _Errors(logging.Handler):
    """Every record of ERROR or worse a build logs: an in-process build's ``--fatal errors``."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _build_in_process(root: Path, conf: Path, fatal: bool, values: dict[str, str]) -> Build:
    """The build in this process: ``Pelican(read_settings(...)).run()``, as pelican-sitemap's tests
    build, with ``values`` in the environment. With ``fatal``, any error logged fails the build, as
    ``--fatal errors`` does; ``log`` holds what was logged."""
    from pelican import Pelican
    from pelican.settings import read_settings

    errors, lines = _Errors(), _Lines()
    logger = logging.getLogger()
    logger.addHandler(errors)
    logger.addHandler(lines)
    try:
        with environment(values), contextlib.chdir(root), only_this_builds_receivers():
            Pelican(read_settings(str(conf))).run()
        # as the pelican command exits: 1 on an error logged only with --fatal errors
        returncode = 1 if fatal and errors.records else 0
    except Exception as error:  # what the pelican command reports as "Could not process ..."
        lines.text.append(f"{type(error).__name__}: {error}")
        returncode = 1
    finally:
        logger.removeHandler(errors)
        logger.removeHandler(lines)
    build = Build(
        root, root / "output", conf, returncode, "\n".join(lines.text), {**os.environ, **values}
    )
    if fatal:
        assert returncode == 0, f"the build failed:\n{build.log}"
    return build


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.text: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.text.append(f"{record.levelname} {record.getMessage()}")


def run_shopwindow(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The ``shopwindow`` command with ``args``, in this process (the command's own entry point,
    ``cli.main``), in ``cwd`` with ``env``: what it printed and its exit code, as a subprocess gives
    them. The tests whose subject is the installed command line run ``BIN / "shopwindow"`` instead."""
    import io

    from pelican.plugins.shopwindow.cli import main, options

    out, err = io.StringIO(), io.StringIO()
    # A wide terminal, as COLUMNS=400 gives a subprocess: rich reads COLUMNS when a console is made.
    widths = [(c, c._width) for c in (options.console, options.errors)]
    for console, _ in widths:
        console.width = 400
    changed = {k: v for k, v in (env or {}).items() if os.environ.get(k) != v}
    with (
        environment({"COLUMNS": "400", **changed}),
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        only_this_builds_receivers(),
    ):
        try:
            code = main(args)
        except SystemExit as stop:  # what the interpreter makes of it: a message is printed, exit 1
            if isinstance(stop.code, str):
                print(stop.code, file=sys.stderr)
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            for console, width in widths:
                console._width = width
    return subprocess.CompletedProcess(["shopwindow", *args], code, out.getvalue(), err.getvalue())


def shopwindow_command(build: Build):
    """``run(*args, ok=True)``: the ``shopwindow`` command on ``build``'s settings, in its folder; with
    ``ok``, a non-zero exit fails the test with what it printed."""

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        result = run_shopwindow(["--settings", str(build.conf), *args], build.root)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    return run


def md_testimonial(author: str, status: str, body: str, **fields: str) -> str:
    header = {"Author": author, "Status": status, **fields}
    return "".join(f"{key}: {value}\n" for key, value in header.items()) + "\n" + body + "\n"


class Server:
    """Serves a folder on 127.0.0.1 on a free port, in a thread. ``errors``: each request it answered
    with an error status ("404 /favicon.ico"). With ``watch_errors``, every HTML page it serves has
    ``engines.ERROR_WATCH`` as its first script (it records the page's errors for the test)."""

    def __init__(self, folder: Path, port: int = 0, watch_errors: bool = False):
        self.errors: list[str] = []
        handler = functools.partial(
            _QuietHandler, directory=str(folder), errors=self.errors, watch_errors=watch_errors
        )
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Static hosts serve these with their types; Python's table may lack some of them.
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".svg": "image/svg+xml",
        ".atom": "application/atom+xml",
        ".bin": "application/octet-stream",
    }

    def __init__(self, *args, errors: list, watch_errors: bool, **kwargs):
        self.errors, self.watch_errors = errors, watch_errors
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:
        pass

    def send_response(self, code, message=None):
        if code >= 400:
            self.errors.append(f"{code} {self.path}")
        super().send_response(code, message)

    def end_headers(self) -> None:
        # Revalidate every time: this server's clock (the test's, which scripts/any_day.py may move)
        # and the files' times (the machine's) need not agree, and a browser's heuristic freshness
        # from them would keep a rebuilt page from the test.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        # And always the file as it is now: Python's server answers If-Modified-Since from the file's
        # time in whole seconds, so a page rebuilt (in-process, in well under a second) within the
        # same second as the copy the browser holds was a 304, and the browser kept the old page.
        del self.headers["If-Modified-Since"]
        if not self.watch_errors:
            return super().send_head()
        from .engines import ERROR_WATCH, ERROR_WATCH_PATH

        if self.path == ERROR_WATCH_PATH:
            return self._send_bytes(ERROR_WATCH.encode(), "text/javascript")
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        if (
            page.suffix != ".html"
            or not page.is_file()
            or (path.is_dir() and not self.path.split("?")[0].endswith("/"))
        ):
            return super().send_head()
        html = page.read_bytes()
        at = html.find(b"<head>")
        if at >= 0:
            at += len(b"<head>")
            html = html[:at] + f'<script src="{ERROR_WATCH_PATH}"></script>'.encode() + html[at:]
        return self._send_bytes(html, "text/html; charset=utf-8")

    def do_POST(self):
        from .engines import ERROR_WATCH_PATH

        if not (self.watch_errors and self.path == ERROR_WATCH_PATH.removesuffix(".js")):
            self.send_error(405)
            return
        said = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.errors.append(f"page: {said.decode('utf-8', 'replace')}")
        self.send_response(204)
        self.end_headers()

    def _send_bytes(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        # Like a static host: a 404 serves the site's own 404.html.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def job_in_browser(browser, build: Build, job_id: str, port: int, **context_options):
    """A job's page opened from its link (the code in the fragment) in a fresh Chromium context, the
    site served on ``port``; fails on any script error the page raised."""
    import json

    link = json.loads(shopwindow_command(build)("job", "link", job_id, "--json", "--local").stdout)
    context = browser.new_context(**context_options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with Server(build.output, port):
        page.goto(link["url"])
        yield page
    context.close()
    assert errors == []
