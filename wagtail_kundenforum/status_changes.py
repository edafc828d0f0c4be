"""The public door for changing a suggestion's status: ``change_status``.

It lives with the rest of the tracker in ``tracker.status_changes``; this path is the one the
docs name, and it stays.
"""

from .tracker.status_changes import change_status

__all__ = ["change_status"]
