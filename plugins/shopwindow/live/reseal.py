"""Re-sealing one job while the site runs: through the build's own generator (``PrivateOutputGenerator``,
same environment, same ``render_view``), so an unchanged job is re-sealed to the same bytes, and its
cost does not grow with the number of jobs. Camera frames are routed by the bays jobs stood in."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from pelican.readers import Readers

from ..access.format import derive
from ..access.private_cache import parsed_jobs
from ..cases.model import load_cases
from ..clock import today
from ..jobs.cameras import Bays, camera_frames
from ..jobs.model import Job, load_job, load_jobs
from ..jobs.view import expired
from ..private.generator import PrivateOutputGenerator
from ..private.job_pages import job_document
from ..private.pages import job_pages
from ..rendering import view_context
from ..settings import shopwindow_settings

logger = logging.getLogger(__name__)


class LiveJobs:
    """Re-renders and re-seals one job, exactly as the build would."""

    def __init__(self, settings: dict, output: Path):
        self.settings = settings
        self.sw = shopwindow_settings(settings)
        self.output = output
        self.readers = Readers(settings)
        self.generator = PrivateOutputGenerator(
            context=view_context(settings),
            settings=settings,
            path=settings["PATH"],
            theme=settings["THEME"],
            output_path=str(output),
            start_locks=False,  # a re-seal needs one job's lock, from the key cache
        )
        self.cases = load_cases(settings, self.readers)[0]
        # Who stood in each bay when (one job at a time), kept current as jobs change: a camera frame
        # is routed with no file read, however many jobs the site has; the build's own rule.
        self.bays = Bays(load_jobs(settings, self.readers, parsed_jobs(settings))[0])
        self.read: dict[str, Job] = {}
        self.moved: set[str] = set()  # jobs whose stays another job changed
        # Each camera's frames, indexed once (from the build's index in the cache), then kept
        # current frame by frame from the watcher's events (``frame_seen``).
        self.frames = camera_frames(self.sw.cameras, self.sw.cache_path)

    @property
    def secret(self) -> bytes:
        """The site secret, read (or made) when a job is first re-sealed: the generator's."""
        return self.generator.secret

    def take_moved(self) -> set[str]:
        """The jobs to be sealed again because another job came into or left their bay."""
        moved, self.moved = self.moved, set()
        return moved

    def take_read(self) -> dict[str, Job]:
        """The jobs ``render`` read since the last call, by ID."""
        read, self.read = self.read, {}
        return read

    def refresh_frames(self) -> None:
        """List every camera folder once more: what arrived before the watcher's events started."""
        for index in self.frames.values():
            index.refresh(persist=False)

    def frame_seen(self, bay: str, path: Path) -> None:
        """A frame added to or removed from a camera folder."""
        if bay in self.frames:
            self.frames[bay].seen(path)

    def shell_is_current(self, job: Job, sealer) -> bool:
        """The shell page (lock) on disk belongs to this code version and speaks the job's language:
        else the site must be rebuilt."""
        keys = derive(self.secret, job.id, job.code_version)
        shell = self.output / self.sw.private_root / keys.slug / "index.html"
        if not shell.is_file():
            return False
        wrapped = sealer.lock(keys)["wrapped"]
        text = shell.read_text(encoding="utf-8")
        speaks = '<html lang="' not in text or f'<html lang="{job.language}"' in text
        return f'"wrapped": "{wrapped}"' in text and speaks

    def render(self, job_id: str) -> bool:
        """Re-seal one job's page; False when only a full build can publish it (a new job, a new code,
        a job past retention: the build removes all of it)."""
        job = load_job(self.settings, job_id, self.readers)
        self.read[job.id] = job  # what the messages of this change are sent from (``take_read``)
        self.moved |= self.bays.update(job)
        for problem in job.problems:
            logger.error("%s", problem)
        if expired(job, self.sw.job_retention_days, today()):
            return False
        sealer = self.generator.sealer()
        if not self.shell_is_current(job, sealer):
            return False
        frames = {bay: self.frames[bay] for bay in self._bays(job)}
        document = job_document(
            job, self.settings, self.secret, self.cases, frames, today(), self.bays
        )
        keys = derive(self.secret, job.id, job.code_version)
        listing = job_pages(self.settings, self.secret, job.id, self.readers)
        view = self.generator.render_view(document, listing)
        sealer.warm([(document, keys, view)])
        sealer.seal(document, keys, view)
        sealer.output.cover_folders(whole_build=False)
        sealer.finish(whole_build=False)
        logger.info("%s: job page re-sealed (%d file(s) changed)", job.path, sealer.output.changed)
        return True

    def _bays(self, job: Job) -> list[str]:
        bays = {u.bay for u in job.updates if u.bay}
        return [bay for bay in self.sw.cameras if bay in bays]

    def jobs_in_bay(self, bay: str, when: dt.datetime) -> list[str]:
        """The job a new frame of ``bay`` taken at ``when`` belongs to, if any (a list of one)."""
        job_id = self.bays.job_at(bay, when)
        return [job_id] if job_id else []
