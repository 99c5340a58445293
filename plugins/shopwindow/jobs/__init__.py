"""Jobs: the model and its log (``model.py``, ``log.py``), the promise, what a job page shows
(``view.py``), camera routing, the figures of done jobs (``record.py``) and the staff's commands, which
write ``job.md``. Sealing a job's page is ``private/``'s work."""
