"""Access codes and encryption of private output: the specified format (``format.py``), the site secret
and its key cache, sealing a document's view and the files it uses (``sealer.py``, ``attachments.py``),
the one writer of private output (``output.py``) and the sealed cache of private photos. It knows nothing
of jobs or pages: ``private/`` decides what is sealed."""
