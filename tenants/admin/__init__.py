"""The Django admin, by subject like the models: importing the modules registers their admins."""

from . import calls, firms, spaces

__all__ = ["calls", "firms", "spaces"]
