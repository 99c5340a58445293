"""Pelican plugin ``shopwindow.jobs``: the job model (``model.py``) and, later, job pages."""
