"""The review desk of ``workbench serve``: a web application over the claim store for a
newsroom's team, and a JSON API for a CMS.

Imported only by ``workbench serve`` (and tests), so the web framework (Flask, served by
waitress) never slows down ``workbench check``.

- :mod:`~workbench.serve.app` makes the Flask application (security headers, errors);
- :mod:`~workbench.serve.auth` signs people in, keeps sessions, refuses forged forms;
- :mod:`~workbench.serve.pages` and :mod:`~workbench.serve.api` are the pages and routes;
- :mod:`~workbench.serve.desk` is what they do, role by role, through the store;
- :mod:`~workbench.serve.views` works out what pages show;
- :mod:`~workbench.serve.server` runs it all on waitress.
"""
