"""Everything sealed under a job: its page (``job_pages.py``), the pages and articles with
``Access: JOB-ID`` (``items.py``, ``pages.py``), and the generator that seals them all (``generator.py``)
with ``access/``."""
