"""The suggestion tracker: its one query, status changes, the import, the public views and
API, and its admin.

``query`` is where filters, grouping, counts and search live; everything else here reads
through it. Status changes go through ``status_changes.change_status`` alone.
"""
