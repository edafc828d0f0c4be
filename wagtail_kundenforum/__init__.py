"""Customer forums for Wagtail: forum reports, reader comments and a suggestion tracker."""

__version__ = "0.1.0"
