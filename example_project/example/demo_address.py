"""Where ``make demo`` serves the site, for the links that leave the browser.

The moderators' notice links to the admin at ``WAGTAILADMIN_BASE_URL``, a setting that is
read once when a process starts, long before the database is. ``kundenforum_demo --port``
sets the Site to the port and writes the port down here as well, so that the server and the
mail worker, which ``make demo PORT=…`` starts after it, link to the port the demo runs on.
"""

HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def remember_port(path, port):
    """Write ``port`` down for the processes that start after the demo command."""
    path.write_text(f"{port}\n", encoding="utf-8")


def served_port(path):
    """The port the demo command last set up, else the default one."""
    try:
        return int(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_PORT


def admin_base_url(path):
    return f"http://{HOST}:{served_port(path)}"
