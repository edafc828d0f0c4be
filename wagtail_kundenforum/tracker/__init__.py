"""The suggestion tracker: its one query, status changes, the import, the public views and
API, and its admin.

- ``filters``: the reader's filters, declared once (``FILTERS``) for the query string and
  the cache key; ``query``: the one tracker query (grouping, counts, search, history).
- ``status_changes``: ``change_status``, the only way a status changes (public as
  ``wagtail_kundenforum.status_changes``); the history row is written beside its model.
- ``answers``: every conversion of the public answer.
- ``importing``: read, plan and apply a spreadsheet; ``views``: the public page, the handout
  (``handout``: every suggestion with its answer) and the API;
  ``rendering``: what the tracker and statistics blocks show;
  ``admin_views``, ``viewsets``, ``bulk_actions``: its admin.

Everything here reads the models and the shared modules below it, never the comments room.
Only the layers above import from here (``.importlinter``), and the blocks, through
``rendering``, when they render.
"""
