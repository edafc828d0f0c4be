"""Following by e-mail, without an account: a reader asks to follow a suggestion (or replies
to their comment, a report's comments, a forum, the tracker, a news page's reports),
confirms from the e-mail that causes (double opt-in), and hears of what changes, at once or
in a daily or weekly digest, until they leave with one click.

- ``tokens``: the signed links of the e-mails (confirm, manage, unsubscribe);
- ``subscribing``: asking, confirming and ending, with one confirmation e-mail per address
  and period, whoever asks;
- ``events``: what followers hear of, written in the transaction of the change;
- ``delivery``: the background's part: an event fanned out to its followers exactly once,
  and what is due composed into one e-mail per address;
- ``mail``: the e-mails themselves (plain text with an HTML alternative).
"""
