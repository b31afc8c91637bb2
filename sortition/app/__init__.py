"""The local web application (``sortition app``), French first, for organisers who do not use a terminal.

A third front end over :mod:`sortition.workflows`: pages in :mod:`.routes_setup` and :mod:`.routes_draw`,
the project folder in :mod:`.project`, long solves in worker processes (:mod:`.jobs`, :mod:`.tasks`), the
token, Host and CSRF checks in :mod:`.security`. Needs the ``app`` extra (Starlette, uvicorn, python-multipart).
"""
