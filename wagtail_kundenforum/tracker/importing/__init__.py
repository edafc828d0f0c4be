"""Importing a forum's suggestions from a spreadsheet (CSV or XLSX), in three steps.

``read`` turns a file into a Sheet of numbered rows (``files`` reads the file within its
bounds), ``plan`` checks every row and works out what it would change, and ``apply`` writes
it; a dry run stops after planning. ``views`` is the admin's upload page.
"""
