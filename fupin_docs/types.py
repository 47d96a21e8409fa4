"""Exceptions that carry a Chinese message for the user.

The CLI turns them into one line on stderr and exit code 2; nothing below the CLI prints.
"""


class FupinError(Exception):
    """A problem with the user's input or options (not a bug): exit code 2."""


class InputFileError(FupinError):
    """The input file as a whole cannot be used (wrong type, missing sheet, headers...)."""
