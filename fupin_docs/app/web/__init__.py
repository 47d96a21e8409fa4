"""The local web page (fupin-docs serve): the CLI's jobs for clerks who do not use a terminal."""

from .app import create_app, get_store

__all__ = ["create_app", "get_store"]
