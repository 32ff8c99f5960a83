"""WSGI entry point for a WSGI server of your own: `granian --interface wsgi wsgi:app`."""

from service import create_app

app = create_app()
