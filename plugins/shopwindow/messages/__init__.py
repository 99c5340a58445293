"""Talking with the customer: the messages each job owes (``due.py``), written in the customer's language
(``compose.py``), sent once through Apprise (``channels.py``, ``outbox.py``) and recorded
(``record.py``); the staff's follow-up calls (``followups.py``)."""
