"""The Django admin, by subject like the models: importing the modules registers their admins."""

from . import calls, firms, mous, spaces

__all__ = ["calls", "firms", "mous", "spaces"]
