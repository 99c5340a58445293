"""``shopwindow watch``: keep the site current while the shop works.

- A change inside one job (its log, a photo, a camera frame routed to it) re-renders and re-seals that
  job alone, through the same templates and the same sealing code as the build: no Pelican run, so its
  cost does not grow with the number of jobs.
- Any other change (public content, the theme, a new job, a rotated code) rebuilds the site through
  Pelican, debounced, with the photo and key caches warm.
- Files still being written are taken only once complete: on close-write events (Linux), else once
  their size is stable, and a JPEG only once it ends with its end-of-image marker. A file that never
  completes is reported, never published.
- Every output file is written under a temporary name and renamed; leftovers of a killed run are
  removed at start, and the start itself is a full build, so nothing that arrived meanwhile is missed
  and, as every output is a pure function of the inputs and the caches, nothing is processed twice.
- ``--publish CMD`` runs after changes, debounced, in its own thread: failures are reported and retried.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pelican.readers import Readers
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .access.format import derive
from .access.output import PRIVATE_ROOT
from .access.pages import job_pages
from .access.sealer import Sealer
from .access.secret import load_secret
from .cases.chart import metrics_chart
from .cases.generator import case_url
from .cases.model import load_cases
from .check import run_check
from .config import shopwindow_settings
from .content import ContentError
from .jobs.cameras import FRAME_SUFFIXES, camera_frames, frame_time, is_complete
from .jobs.generator import job_document
from .jobs.model import JOB_FILE, JobIdError, load_job, load_jobs, today
from .jobs.view import expired
from .site.environment import theme_environment
from .testimonials.generator import permalink

logger = logging.getLogger("shopwindow.watch")

JOB_DEBOUNCE = 0.3
SITE_DEBOUNCE = 1.5
PUBLISH_DEBOUNCE = 3.0
RETRY_FIRST = 2.0  # seconds before a failed publish is retried, doubling up to 5 minutes
INCOMPLETE_TIMEOUT = 120.0  # seconds a camera upload may take before it is reported


class LiveJobs:
    """Re-renders and re-seals one job, exactly as the build would."""

    def __init__(self, settings: dict, output: Path):
        self.settings = settings
        self.sw = shopwindow_settings(settings)
        self.output = output
        self.secret = load_secret(settings)
        self.env = theme_environment(settings)
        self.readers = Readers(settings)
        self.cases = load_cases(settings, self.readers)[0]
        # Which jobs ever stood in each bay, kept current as jobs change: a camera frame is routed by
        # looking at those jobs only, with no file read, however many jobs the site has.
        self.in_bay: dict[str, dict[str, object]] = {}
        for job in load_jobs(settings, self.readers)[0]:
            self._remember(job)
        self.context = {
            "SITEURL": settings.get("SITEURL", ""),
            "THEME_STATIC_DIR": settings.get("THEME_STATIC_DIR", "theme"),
            "case_url": case_url,
            "testimonial_url": permalink,
        }
        self.context["case_chart"] = lambda case: metrics_chart(case.metrics)
        self.blank_page = self.env.get_template("private_folder.html").render(self.context).encode()

    def sealer(self) -> Sealer:
        return Sealer(self.settings, self.secret, self.output, self.blank_page)

    def shell_is_current(self, job) -> bool:
        """The shell page (lock) on disk belongs to this code version: else the site must be rebuilt."""
        keys = derive(self.secret, job.id, job.code_version)
        shell = self.output / PRIVATE_ROOT / keys.slug / "index.html"
        if not shell.is_file():
            return False
        wrapped = self.sealer().lock(keys)["wrapped"]
        return f'"wrapped": "{wrapped}"' in shell.read_text(encoding="utf-8")

    def render(self, job_id: str) -> bool:
        """Re-seal one job's page; False when only a full build can publish it (a new job, a new code,
        a job past retention: the build removes all of it)."""
        job = load_job(self.settings, job_id, self.readers)
        self._remember(job)
        for problem in job.problems:
            logger.error("%s", problem)
        if expired(job, self.sw["JOB_RETENTION_DAYS"], today()):
            return False
        if not self.shell_is_current(job):
            return False
        frames = camera_frames({bay: self.sw["CAMERAS"][bay] for bay in self._bays(job)})
        document = job_document(job, self.settings, self.cases, frames, today())
        keys = derive(self.secret, job.id, job.code_version)
        listing = job_pages(self.settings, self.secret, job.id, self.readers)
        view = self.env.get_template("job.html").render(
            {**self.context, **document.variables, "job_documents": listing}
        )
        sealer = self.sealer()
        sealer.warm([(document, keys, view)])
        sealer.seal(document, keys, view)
        sealer.output.cover_folders(whole_build=False)
        logger.info("%s: job page re-sealed (%d file(s) changed)", job.path, sealer.output.changed)
        return True

    def _bays(self, job) -> list[str]:
        bays = {u.bay for u in job.updates if u.bay}
        return [bay for bay in self.sw["CAMERAS"] if bay in bays]

    def _remember(self, job) -> None:
        for jobs in self.in_bay.values():
            jobs.pop(job.id, None)
        for bay in {u.bay for u in job.updates if u.bay}:
            self.in_bay.setdefault(bay, {})[job.id] = job

    def jobs_in_bay(self, bay: str, when: dt.datetime) -> list[str]:
        """The jobs a new frame of ``bay`` taken at ``when`` belongs to (at most one, by the logs)."""
        return [
            job_id for job_id, job in self.in_bay.get(bay, {}).items() if job.bay_at(when) == bay
        ]


class Publisher(threading.Thread):
    """Runs the publish command after changes, debounced; retries failures without blocking anyone.

    Before each run it runs ``shopwindow check`` on the output: an output that fails it is never
    shipped (the problems are reported, and the next change tries again)."""

    def __init__(self, command: str, stop: threading.Event, settings: dict, output: Path):
        super().__init__(daemon=True, name="publish")
        self.command, self.stop_event = command, stop
        self.settings, self.output = settings, output
        self.wanted = threading.Event()
        self.runs = 0

    def request(self) -> None:
        self.wanted.set()

    def run(self) -> None:
        delay = RETRY_FIRST
        while not self.stop_event.is_set():
            if not self.wanted.wait(timeout=0.5):
                continue
            time.sleep(PUBLISH_DEBOUNCE)
            self.wanted.clear()
            problems = run_check(self.settings, self.output)
            if problems:
                logger.error(
                    "not published: shopwindow check found %d problem(s):\n  %s",
                    len(problems),
                    "\n  ".join(problems[:20]),
                )
                continue
            result = subprocess.run(self.command, shell=True, capture_output=True, text=True)
            self.runs += 1
            if result.returncode == 0:
                logger.info("published: %s", self.command)
                delay = RETRY_FIRST
                continue
            logger.error(
                "publish command failed (exit %d): %s; retrying in %.0f s",
                result.returncode,
                (result.stderr or result.stdout).strip()[-300:],
                delay,
            )
            self.stop_event.wait(delay)
            delay = min(delay * 2, 300.0)
            self.wanted.set()


class Watcher(FileSystemEventHandler):
    def __init__(self, settings_path: str, publish: str | None = None, serve: str | None = None):
        from pelican.settings import read_settings

        self.settings_path = settings_path
        self.settings = read_settings(settings_path)
        self.sw = shopwindow_settings(self.settings)
        self.content = Path(self.settings["PATH"]).resolve()
        self.jobs_root = Path(self.sw["JOBS_ROOT"]).resolve()
        self.theme = Path(self.settings["THEME"]).resolve()
        self.cameras = {bay: Path(folder).resolve() for bay, folder in self.sw["CAMERAS"].items()}
        self.output = Path(self.settings["OUTPUT_PATH"]).resolve()
        self.stop_event = threading.Event()
        self.changed = threading.Condition()
        self.pending_jobs: dict[str, float] = {}
        self.pending_site: float | None = None
        self.waiting_frames: dict[
            Path, tuple[float, int]
        ] = {}  # incomplete upload -> (first seen, size)
        self.publisher = (
            Publisher(publish, self.stop_event, self.settings, self.output) if publish else None
        )
        self.serve = serve
        self.live: LiveJobs | None = None
        self.built_for = today()  # the day of the last full build

    # ------------------------------------------------------------------ events
    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory and event.event_type not in ("created", "deleted", "moved"):
            return
        if event.event_type in ("opened", "closed_no_write"):
            return
        path = Path(getattr(event, "dest_path", "") or event.src_path)
        if (
            event.event_type == "modified"
            and sys.platform.startswith("linux")
            and not event.is_directory
        ):
            # On Linux the close-write event follows; a half-written file is never taken.
            return
        self.route(path)
        if event.event_type in ("moved", "deleted") and event.src_path:
            self.route(Path(event.src_path))

    def route(self, path: Path) -> None:
        if path.name.startswith(".") or path.name.endswith("~"):
            return  # editors' and our own temporary files
        path = path.resolve() if path.exists() else path.absolute()
        now = time.monotonic()
        with self.changed:
            for bay, folder in self.cameras.items():
                if folder in path.parents and path.suffix.lower() in FRAME_SUFFIXES:
                    self._frame_arrived(bay, path, now)
                    self.changed.notify()
                    return
            if self.jobs_root in path.parents:
                job_id = path.relative_to(self.jobs_root).parts[0]
                job_md = self.jobs_root / job_id / JOB_FILE
                # A photo still being copied is taken at its close-write event (Linux) or once the
                # debounce has passed; a half file would only fail and be taken again when whole.
                if job_md.exists():
                    self.pending_jobs[job_id] = now
                else:
                    self.pending_site = now
            elif (
                self.content in path.parents
                or self.theme in path.parents
                or path == Path(self.settings_path).resolve()
            ):
                self.pending_site = now
            else:
                return
            self.changed.notify()

    def _frame_arrived(self, bay: str, path: Path, now: float) -> None:
        if not path.exists():
            return
        if not is_complete(path):
            self.waiting_frames.setdefault(path, (now, path.stat().st_size))
            return
        self.waiting_frames.pop(path, None)
        if self.live is None:
            return
        for job_id in self.live.jobs_in_bay(bay, frame_time(path)):
            self.pending_jobs[job_id] = now

    def _check_waiting(self, now: float) -> None:
        """Uploads that were incomplete: take them once whole, report them if they never complete."""
        for path, (first, size) in list(self.waiting_frames.items()):
            if not path.exists():
                self.waiting_frames.pop(path)
            elif is_complete(path):
                self.waiting_frames.pop(path)
                self.route(path)
            elif now - first > INCOMPLETE_TIMEOUT:
                self.waiting_frames.pop(path)
                logger.error(
                    "%s: still incomplete after %.0f s; not published", path, INCOMPLETE_TIMEOUT
                )
            else:
                current = path.stat().st_size
                if current != size:
                    self.waiting_frames[path] = (first, current)

    # ------------------------------------------------------------------ work
    def full_build(self) -> None:
        command = [
            str(Path(sys.executable).parent / "pelican"),
            str(self.content),
            "-s",
            self.settings_path,
            "-o",
            str(self.output),
        ]
        started = time.monotonic()
        self.built_for = today()
        result = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "COLUMNS": "1000"}
        )
        for line in (result.stdout + result.stderr).splitlines():
            if "ERROR" in line or "CRITICAL" in line:
                logger.error(
                    "%s", re.sub(r"\s+\S+\.py:\d+$", "", line.split("ERROR", 1)[-1]).strip()
                )
        if result.returncode != 0:
            logger.error("site build failed:\n%s", (result.stderr or result.stdout)[-2000:])
        else:
            logger.info("site rebuilt in %.1f s", time.monotonic() - started)
        self.live = LiveJobs(self.settings, self.output)
        self._publish()

    def _publish(self) -> None:
        if self.publisher:
            self.publisher.request()

    def clean_leftovers(self) -> None:
        """Temporary files of a run that was killed mid-write: never a published name, removed."""
        if self.output.is_dir():
            for path in self.output.rglob(".tmp-*"):
                path.unlink(missing_ok=True)

    def step(self) -> None:
        """Do what is due: one full build, or the jobs whose changes have settled."""
        now = time.monotonic()
        with self.changed:
            self._check_waiting(now)
            if today() != self.built_for:
                # A new day: jobs past JOB_RETENTION_DAYS expire now, whether anything changed or not.
                self.pending_site = now - SITE_DEBOUNCE
            site_due = self.pending_site is not None and now - self.pending_site >= SITE_DEBOUNCE
            due = [j for j, t in self.pending_jobs.items() if now - t >= JOB_DEBOUNCE]
            if site_due:
                self.pending_site = None
                self.pending_jobs.clear()
                due = []
            for job_id in due:
                self.pending_jobs.pop(job_id, None)
        if site_due:
            self.full_build()
            return
        rebuild = False
        for job_id in due:
            try:
                if not self.live.render(job_id):
                    rebuild = True
            except (ContentError, JobIdError) as error:
                logger.error("%s", error)
            except Exception:
                logger.exception("job %s: could not be re-sealed; skipped", job_id)
        if rebuild:
            with self.changed:
                self.pending_site = time.monotonic() - SITE_DEBOUNCE
        if due:
            self._publish()

    def _until_due(self) -> float:
        """Seconds until the earliest pending change has settled (at most 0.2, to watch uploads)."""
        now = time.monotonic()
        due = [t + JOB_DEBOUNCE for t in self.pending_jobs.values()]
        if self.pending_site is not None:
            due.append(self.pending_site + SITE_DEBOUNCE)
        return min([0.2, *(max(0.01, d - now) for d in due)])

    def run(self) -> int:
        self.clean_leftovers()
        self.full_build()  # catches up on whatever arrived while nothing watched
        observer = Observer()
        observer.schedule(self, str(self.content), recursive=True)
        if (
            self.content not in (self.jobs_root, *self.jobs_root.parents)
            and self.jobs_root.exists()
        ):
            observer.schedule(self, str(self.jobs_root), recursive=True)
        observer.schedule(self, str(self.theme), recursive=True)
        for folder in self.cameras.values():
            folder.mkdir(parents=True, exist_ok=True)
            observer.schedule(self, str(folder), recursive=False)
        observer.start()
        if self.publisher:
            self.publisher.start()
        server = self._start_server() if self.serve else None
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self.stop_event.set())
        logger.info(
            "watching %s and %d camera folder(s); Ctrl-C stops", self.content, len(self.cameras)
        )
        try:
            while not self.stop_event.is_set():
                with self.changed:
                    self.changed.wait(timeout=self._until_due())
                self.step()
        finally:
            observer.stop()
            observer.join(timeout=5)
            if server:
                server.shutdown()
        logger.info("stopped")
        return 0

    def _start_server(self):
        host, _, port = self.serve.rpartition(":")
        handler = functools.partial(_QuietHandler, directory=str(self.output))
        server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
        threading.Thread(target=server.serve_forever, daemon=True, name="serve").start()
        logger.info("serving %s on http://%s:%s/", self.output, host or "127.0.0.1", port)
        return server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def watch(settings_path: str, publish: str | None = None, serve: str | None = None) -> int:
    watcher = Watcher(settings_path, publish, serve)
    _report_every_time()
    return watcher.run()


def _report_every_time() -> None:
    """Pelican's loggers drop a message identical to one already logged (fine for one build). A watcher
    runs for days: "re-sealed" or the same bad file must be reported each time it happens."""
    for name, logger_ in list(logging.Logger.manager.loggerDict.items()):
        if name.startswith("shopwindow") and isinstance(logger_, logging.Logger):
            for log_filter in list(logger_.filters):
                logger_.removeFilter(log_filter)
