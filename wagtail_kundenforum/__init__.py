"""Customer forums for Wagtail: forum reports, reader comments and a suggestion tracker."""

# The one version number: setup.cfg reads it for the package, caching.py puts it into every
# cache key (a new release never serves an old release's fragments). CHANGELOG.md has a
# section for each release.
__version__ = "0.1.0"
