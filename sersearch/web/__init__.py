"""``sersearch serve``: the search in a browser (Starlette, Jinja2 templates, no
JavaScript needed), read-only, on the same library calls as the command line."""

from sersearch.web.app import create_app

__all__ = ["create_app"]
