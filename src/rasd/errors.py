"""Exceptions rasd raises to its callers. Bad input is never an exception: it is a Drop on the document."""


class RasdError(Exception):
    """Base class: a problem the user must act on (a wrong option, a corrupt resource, a database down)."""


class ConfigError(RasdError):
    """A setting or command-line option that cannot work."""


class StoreError(RasdError):
    """The database refused a write or a read after retries."""
