"""The comments room: posting, the form and its defences, moderation (every rule about a
comment's state), the rate limit, privacy and retention, personal data, and the admin of
reader comments with its bulk actions.

Everything here reads the models and the shared modules below it, never the tracker room.
Only the layers above import from here (``.importlinter``), and ``CommentablePageMixin``,
which calls ``posting`` when its page serves.
"""
