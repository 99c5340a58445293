"""``shopwindow watch``: keep the site current while the shop works.

- A change inside one job (its log, a photo, a camera frame routed to it) re-renders and re-seals that
  job alone (``reseal.py``), through the build's own generator: no Pelican run, so its cost does not
  grow with the number of jobs.
- Any other change (public content, the theme, a new job, a rotated code), and a new day (jobs expire),
  rebuilds the site through Pelican (``building.py``), debounced (``debouncing.py``), with the caches
  warm.
- A change of the settings (the settings file, or ``pelicanconf.py`` that ``publishconf.py`` imports)
  is read again (``settings_files.py``) and rebuilds the site with them: folders, cameras, channels;
  settings that cannot be read are reported, and the ones the watcher had stay.
- Files still being written are taken only once complete (``routing.py``, ``uploads.py``).
- Every output file is written under a temporary name and renamed; leftovers of a killed run are
  removed at start, and the start itself is a full build, so nothing that arrived meanwhile is missed.
- ``--publish CMD`` runs after changes (``publisher.py``) on a checked snapshot of the output
  (``snapshots.py``), never on the output being written; ``--serve`` serves the output (``serving.py``).
- The customers' messages go out after each change (``messages.outbox``; a full build sends its own),
  and a failed one is tried again when its back-off ends.
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
import time
from pathlib import Path

from watchdog.observers import Observer

from ..clock import now, today
from ..jobs.cameras import frame_time
from ..jobs.model import JobIdError, load_job
from ..messages.outbox import send_due
from ..messages.record import SentRecord, record_folder
from ..settings import shopwindow_settings
from ..site_folder import shopwindow_folder
from ..sources import ContentError
from . import settings_files
from .building import clean_leftovers, full_build
from .debouncing import JOB_DEBOUNCE, Pending
from .publisher import Publisher
from .reseal import LiveJobs
from .routing import EVENT_FILTER, Events, Routes
from .serving import serve
from .snapshots import Snapshots
from .uploads import Uploads

logger = logging.getLogger(__name__)


class Watcher:
    def __init__(
        self,
        settings_path: str,
        publish: str | None = None,
        address: str | None = None,
        staff_at: str | None = None,
        staff_tls: tuple[str | None, str | None] = (None, None),
    ):
        self.settings_path = settings_path
        self.staff_at, self.staff_tls = staff_at, staff_tls
        self.settings_read = settings_files.read(settings_path)
        self._configure()
        self.stop_event = threading.Event()
        self.changed = threading.Condition()
        self.pending = Pending()
        self.uploads = Uploads()
        # Held while the output is written (a full build, re-seals): a snapshot to publish is taken
        # between writes, never during one.
        self.writing = threading.Lock()
        self.snapshots = Snapshots(shopwindow_folder(self.settings) / "publish")
        self.observer: Observer | None = None
        self.settings_changed = False
        self.publisher = (
            Publisher(publish, self.stop_event, self.settings, self.snapshot, self.snapshots)
            if publish
            else None
        )
        self.address = address
        self.staff = None  # the staff page (staffpage.server.InThread), once run() starts it
        self.live: LiveJobs | None = None
        self.built_for = today()  # the day of the last full build
        self.retry_at = None  # when a failed message may be tried again
        self.retry_jobs: set[str] = set()

    def _configure(self) -> None:
        """What the watcher takes from the settings just read."""
        self.settings = self.settings_read.settings
        sw = shopwindow_settings(self.settings)
        self.content = Path(self.settings["PATH"]).resolve()
        self.jobs_root = Path(sw.jobs_root).resolve()
        self.theme = Path(self.settings["THEME"]).resolve()
        self.cameras = {bay: Path(folder).resolve() for bay, folder in sw.cameras.items()}
        self.output = Path(self.settings["OUTPUT_PATH"]).resolve()
        self.routes = Routes(
            self.content, self.jobs_root, self.theme, self.cameras, self.settings_read.files
        )

    def _reread_settings(self) -> bool:
        """The settings files changed: read them again (True), or keep the settings the watcher has
        when they cannot be read, and say why (False)."""
        self.settings_changed = False
        try:
            self.settings_read = settings_files.read(self.settings_path)
        except Exception as error:
            message = error.msg if isinstance(error, SyntaxError) else str(error)
            logger.error(
                "%s: the settings cannot be read (%s: %s); the site is watched with the settings "
                "it had until they are corrected",
                settings_files.where(error, self.settings_path),
                type(error).__name__,
                message,
            )
            return False
        output = self.output
        self._configure()
        if self.publisher:
            self.publisher.settings = self.settings
        if self.staff is not None:
            self.staff.use(self.settings)
        if self.observer is not None:
            self._schedule()
        if self.output != output:
            logger.warning(
                "OUTPUT_PATH is now %s: the site is built there; --serve serves %s until a restart",
                self.output,
                output,
            )
        logger.info("settings changed (%s): the site is rebuilt with them", self.settings_path)
        return True

    # ------------------------------------------------------------------ changes
    def path_changed(self, path: Path) -> None:
        change = self.routes.change(path)
        if change is None:
            return
        now = time.monotonic()
        with self.changed:
            if change.kind == "frame":
                if not change.path.exists():
                    if self.live is not None:
                        self.live.frame_seen(change.bay, change.path)  # removed
                elif self.uploads.complete(change.path, now):
                    self._frame_arrived(change.bay, change.path, now)
            elif change.kind == "job":
                self.pending.job_changed(change.job_id, now)
            else:
                if change.kind == "settings":
                    self.settings_changed = True
                self.pending.site_changed(now)
            self.changed.notify()

    def _frame_arrived(self, bay: str, path: Path, now: float) -> None:
        if self.live is None:
            return
        self.live.frame_seen(bay, path)
        for job_id in self.live.jobs_in_bay(bay, frame_time(path)):
            self.pending.job_changed(job_id, now)

    # ------------------------------------------------------------------ work
    def snapshot(self) -> Path:
        """A snapshot of the output to publish, taken while nothing writes it."""
        with self.writing:
            return self.snapshots.take(self.output)

    def full_build(self) -> None:
        if self.settings_changed and not self._reread_settings():
            return
        self.built_for = today()
        with self.writing:
            full_build(self.settings_path, self.content, self.output)
        # What LiveJobs holds (parsed jobs, frame indexes) lives until the next full build: kept
        # out of the collector's full passes, so their cost does not grow with the jobs and frames.
        # The last one's objects go back to the collector first, so none of them outlives its use.
        gc.unfreeze()
        self.live = LiveJobs(self.settings, self.output)
        gc.freeze()
        self._publish()
        # The build sent what was due; the messages it could not send wait for their back-off.
        for job_id, when in SentRecord(record_folder(self.settings)).waiting().items():
            self._retry_later(job_id, when)

    def _retry_later(self, job_id: str, when) -> None:
        self.retry_jobs.add(job_id)
        self.retry_at = when if self.retry_at is None else min(self.retry_at, when)

    def send_messages(self, read: dict, job_ids) -> None:
        """The messages these jobs owe now (``read``: the ones already read, by ID); never stops the
        watcher. A job is read only once ``send_due`` asks, so a site without channels reads none."""

        def jobs():
            for job_id in job_ids:
                if job_id in read:
                    yield read[job_id]
                    continue
                try:
                    yield load_job(self.settings, job_id)
                except (ContentError, JobIdError):
                    continue  # reported when it was re-sealed

        try:
            outcome = send_due(self.settings, jobs())
        except Exception:
            logger.exception("messages not sent this time; tried again after the next change")
            return
        for job_id in outcome.retry_jobs:
            self._retry_later(job_id, outcome.retry_at)

    def seconds_until_retry(self) -> float | None:
        if self.retry_at is None:
            return None
        return max(0.0, (self.retry_at - now()).total_seconds() + 1)

    def _publish(self) -> None:
        if self.publisher:
            self.publisher.request()

    def step(self) -> None:
        """Do what is due: one full build, or the jobs whose changes have settled."""
        now = time.monotonic()
        with self.changed:
            for path in self.uploads.settled(now):
                self._frame_arrived(self.routes.change(path).bay, path, now)
            if today() != self.built_for:
                # A new day: jobs past their retention expire now, whether anything changed or not.
                self.pending.rebuild_now(now)
            site_due, due = self.pending.take_due(now)
        if site_due:
            self.full_build()
            return
        rebuild = False
        with self.writing:
            for job_id in due:
                try:
                    if not self.live.render(job_id):
                        rebuild = True
                except (ContentError, JobIdError) as error:
                    logger.error("%s", error)
                except Exception:
                    logger.exception("job %s: could not be re-sealed; skipped", job_id)
        if self.live is not None and (moved := self.live.take_moved()):
            # Another job came into (or left) their bay: their frames end (or go on) there.
            with self.changed:
                for job_id in moved:
                    self.pending.job_changed(job_id, now - JOB_DEBOUNCE)
        if rebuild:
            with self.changed:
                self.pending.rebuild_now(time.monotonic())
        if due:
            self._publish()
        read = self.live.take_read() if self.live is not None else {}
        retry = self.seconds_until_retry()
        if retry is not None and retry <= 0:
            due = set(due) | self.retry_jobs
            self.retry_at, self.retry_jobs = None, set()
        if due:
            self.send_messages(read, sorted(due))

    def _schedule(self) -> None:
        """Watch the folders the settings name (again, after they changed): the content, the jobs,
        the theme, the camera folders, and the folders of the settings files (those files only)."""
        self.observer.unschedule_all()
        events = Events(self.path_changed)
        recursive = [self.content, self.theme]
        if self.jobs_root.exists() and not _inside(self.jobs_root, recursive):
            recursive.append(self.jobs_root)
        for folder in recursive:
            self.observer.schedule(events, str(folder), recursive=True, event_filter=EVENT_FILTER)
        flat = {path.parent for path in self.settings_read.files if not _inside(path, recursive)}
        for folder in self.cameras.values():
            folder.mkdir(parents=True, exist_ok=True)
            flat.add(folder)
        for folder in flat:
            self.observer.schedule(events, str(folder), recursive=False, event_filter=EVENT_FILTER)

    def run(self) -> int:
        clean_leftovers(self.output)
        self.full_build()  # catches up on whatever arrived while nothing watched
        self.observer = Observer()
        self._schedule()
        self.observer.start()
        if self.live is not None:
            self.live.refresh_frames()  # frames that came between the build and the events
        if self.publisher:
            self.publisher.start()
        server = serve(self.output, self.address) if self.address else None
        if self.staff_at:
            from ..staffpage.server import InThread  # the staff extra: only when asked for

            self.staff = InThread(self.settings, self.staff_at, *self.staff_tls)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self.stop_event.set())
        logger.info(
            "watching %s and %d camera folder(s); Ctrl-C stops", self.content, len(self.cameras)
        )
        try:
            while not self.stop_event.is_set():
                waits = [
                    self.pending.seconds_until_due(time.monotonic()),
                    self.seconds_until_retry(),
                ]
                with self.changed:
                    self.changed.wait(
                        timeout=min((w for w in waits if w is not None), default=None)
                    )
                self.step()
        finally:
            self.observer.stop()
            self.observer.join(timeout=5)
            if server:
                server.shutdown()
            if self.staff is not None:
                self.staff.stop()
        logger.info("stopped")
        return 0


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def watch(
    settings_path: str,
    publish: str | None = None,
    serve_at: str | None = None,
    staff_at: str | None = None,
    staff_tls: tuple[str | None, str | None] = (None, None),
) -> int:
    watcher = Watcher(settings_path, publish, serve_at, staff_at, staff_tls)
    _report_every_time()
    return watcher.run()


def _report_every_time() -> None:
    """Pelican's loggers drop a message identical to one already logged (fine for one build). A watcher
    runs for days: "re-sealed" or the same bad file must be reported each time it happens."""
    for name, logger_ in list(logging.Logger.manager.loggerDict.items()):
        if name.startswith(("shopwindow", "pelican.plugins.shopwindow")) and isinstance(
            logger_, logging.Logger
        ):
            for log_filter in list(logger_.filters):
                logger_.removeFilter(log_filter)
