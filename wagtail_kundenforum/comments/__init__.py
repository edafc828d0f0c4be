"""The comments room: posting, the form and its defences, moderation (every rule about a
comment's state), the rate limit, privacy and retention, personal data, and the admin of
reader comments with its bulk actions."""
