"""A host site built the way a site developer builds one, served and used over HTTP.

Builds the package from this checkout, makes a brand-new site with ``wagtail start`` in a
virtual environment of its own on the oldest supported pair (Python 3.11, Wagtail 7.4,
Django 5.2; ``--pair newest``: Python 3.12, Wagtail 8.0, Django 6.1), installs the built
wheel there and applies the README's "Install it into your Wagtail site" literally
(``readme_steps.py``). Then it serves the site with a real server and the outbox's mail
worker on 127.0.0.1, and as a reader, an editor and a moderator would: renders the site's
own page with its comments and the tracker, posts a comment through the form, approves it
in the admin, reads the moderators' e-mail, and opens a suggestion's page, the JSON API and
the feeds.

Usage (standard library only; it runs outside the project's virtual environment):

    python3 hostsite/build_and_check.py [--pair oldest|newest] [--python PYTHON]
        [--builder PYTHON_WITH_BUILD] [--timeout SECONDS] [--keep]

Each check prints a line; the first failure stops the run with what was expected, and the
run exits non-zero. Every step has a time limit and the whole run stops by itself.
"""

import argparse
import csv
import email
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import readme_steps
from http_client import Browser, find_form, links

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# The supported pairs at either end: (Python, Wagtail, Django). CI runs the oldest.
PAIRS = {"oldest": ("3.11", "7.4", "5.2"), "newest": ("3.12", "8.0", "6.1")}
PROJECT = "mysite"
ADMIN_USER, ADMIN_PASSWORD = "redaktion", "host-site-check-only"
MODERATOR = "moderation@stadtwerke.example"
MIN_SUBMIT_SECONDS = 3  # the app's default time trap (KUNDENFORUM_MIN_SUBMIT_SECONDS)


class Failed(Exception):
    """A check that did not hold: the message says what was expected."""


def ok(message):
    print(f"ok: {message}", flush=True)


def expect(condition, message):
    if not condition:
        raise Failed(message)


class Site:
    """Where the files of the ``wagtail start`` site are."""

    def __init__(self, root):
        self.root = root
        self.settings_file = root / PROJECT / "settings" / "base.py"
        self.urls_file = root / PROJECT / "urls.py"
        self.base_template = root / PROJECT / "templates" / "base.html"
        self.home_app = root / "home"


class Run:
    """The run's temporary directory, its processes and its clock."""

    def __init__(self, args):
        self.args = args
        self.pair = PAIRS[args.pair]
        self.started = time.monotonic()
        self.tmp = Path(tempfile.mkdtemp(prefix="kundenforum-hostsite-"))
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.mail_dir = self.tmp / "mail"
        self.venv = self.tmp / "venv"
        self.python = self.venv / "bin" / "python"
        self.site = Site(self.tmp / "site")
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.processes = []
        self.number = 0

    def step(self, title):
        self.number += 1
        elapsed = time.monotonic() - self.started
        print(f"\n== {self.number}. {title}  [{elapsed:.0f} s]", flush=True)

    def run(self, command, timeout, cwd=None, env=None, log=None):
        """Run ``command``; its output goes to a log, shown when it fails."""
        shown = " ".join(str(part) for part in command)
        shown = shown.replace(str(self.tmp), "$TMP").replace(str(REPO), "$REPO")
        print(f"$ {shown}", flush=True)
        try:
            done = subprocess.run(
                [str(part) for part in command],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise Failed(f"{shown}: no end after {timeout} s") from error
        output = done.stdout + done.stderr
        (self.logs / f"{log or command[-1]}.log".replace("/", "_")).write_text(output)
        if done.returncode != 0:
            raise Failed(f"{shown} exited {done.returncode}:\n{tail(output, 40)}")
        return output

    def pip(self, *packages, timeout=300):
        return self.run(
            [
                self.python,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *packages,
            ],
            timeout=timeout,
            log="pip",
        )

    def site_env(self):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL")}
        env["DJANGO_SETTINGS_MODULE"] = f"{PROJECT}.settings.hostcheck"
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["HOSTSITE_PORT"] = str(self.port)
        return env

    def manage(self, *args, timeout=180, stdin=None):
        return self.run(
            [self.python, "manage.py", *args],
            timeout=timeout,
            cwd=self.site.root,
            env=self.site_env(),
            log=f"manage-{args[0]}",
        )

    def start(self, name, *args):
        """Start a manage.py command in the background, in a process group of its own."""
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [str(self.python), "manage.py", *args],
            cwd=self.site.root,
            env=self.site_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))
        print(f"started {name} (pid {process.pid}): manage.py {' '.join(args)}", flush=True)
        return process

    def stop_all(self):
        for name, process in reversed(self.processes):
            if process.poll() is None:
                stop(process)
                print(f"stopped {name} (pid {process.pid})", flush=True)
        self.processes = []

    def log_tail(self, name, lines=30):
        path = self.logs / f"{name}.log"
        return tail(path.read_text(errors="replace"), lines) if path.exists() else ""


def stop(process):
    """SIGTERM to the process group we started (by its id), SIGKILL after 10 s."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def tail(text, lines):
    return "\n".join(text.rstrip().splitlines()[-lines:])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_python(version):
    """A working ``python3.11``: on PATH, else pyenv's (as CI's find_python does)."""
    candidates = [shutil.which(f"python{version}")]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(pyenv_root.glob(f"versions/{version}*/bin/python{version}"))
    check = f"import sys; sys.exit(sys.version_info[:2] != {tuple(map(int, version.split('.')))})"
    for candidate in filter(None, candidates):
        answer = subprocess.run([candidate, "-c", check], capture_output=True, timeout=30)
        if answer.returncode == 0:
            return str(candidate)
    raise Failed(f"no Python {version} (python{version} on PATH or in pyenv)")


# --- building the site -----------------------------------------------------------------------


def build_package(run, readme):
    """README step 1, first half: ``python -m build`` in the checkout."""
    readme.quoted("python -m build")
    source, dist = copy_checkout(run.tmp / "src"), run.tmp / "dist"
    run.run([run.args.builder, "-m", "build", "--outdir", dist, source], timeout=300, log="build")
    wheels = sorted(dist.glob("wagtail_kundenforum-*.whl"))
    expect(len(wheels) == 1, f"one wheel in dist/, found {[w.name for w in wheels]}")
    ok(f"built {wheels[0].name} and {', '.join(p.name for p in dist.glob('*.tar.gz'))}")
    return wheels[0]


def copy_checkout(target):
    """The files git tracks or would track: an egg-info folder left in the checkout by an
    editable install would feed its old file list into the sdist and hide a missing file."""
    listed = subprocess.run(
        ["git", "-C", REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def make_site(run):
    """``wagtail start`` in a new virtual environment, on the oldest supported pair."""
    python = run.args.python or find_python(run.pair[0])
    run.run([python, "-m", "venv", run.venv], timeout=120, log="venv")
    run.pip("--upgrade", "pip")
    run.pip(f"wagtail=={run.pair[1]}.*", f"Django=={run.pair[2]}.*")
    run.site.root.mkdir()
    run.run([run.venv / "bin" / "wagtail", "start", PROJECT, run.site.root], timeout=120)
    pinned = (run.site.root / "requirements.txt").read_text().split()
    print(f"wagtail start's requirements.txt asks for {' '.join(pinned)} (not installed)")
    ok(f"a new site from wagtail start with {versions(run)}")


def versions(run):
    code = (
        "import sys, django, wagtail; "
        "print('Python', sys.version.split()[0], 'Django', django.__version__, "
        "'Wagtail', wagtail.__version__)"
    )
    return run.run([run.python, "-c", code], timeout=60, log="versions").strip()


def install_package(run, readme, wheel):
    """README step 1, second half: the wheel and the mail worker into the site's venv."""
    readme.quoted(
        "python -m pip install ../wagtail-kundenforum/dist/wagtail_kundenforum-*.whl "
        "django-tasks-db"
    )
    run.pip(wheel, "django-tasks-db")
    where = run.run(
        [run.python, "-c", "import wagtail_kundenforum as app; print(app.__file__)"],
        timeout=60,
        cwd=run.tmp,
        log="where",
    ).strip()
    expect(not Path(where).is_relative_to(REPO), f"the app was imported from the checkout: {where}")
    running = versions(run)
    _, wagtail, django = run.pair
    kept = f"Django {django}." in running and f"Wagtail {wagtail}." in running
    expect(kept, f"Wagtail {wagtail} and Django {django} kept: {running}")
    ok(f"the wheel installed into the site's venv ({running})")


def apply_readme(run, readme):
    """README steps 2 to 5, as a developer edits the files."""
    readme_steps.step_2_settings(readme, run.site)
    ok("step 2: INSTALLED_APPS above Wagtail's apps, TASKS, mail backend, German")
    readme_steps.step_3_urls(readme, run.site)
    ok("step 3: the app's URLs above Wagtail's catch-all")
    write_check_settings(run)
    check_names_missing_block(run, readme)
    readme_steps.step_4_base_template(readme, run.site)
    ok("step 4: the stylesheet and {% block extra_head %} in base.html")
    readme_steps.step_5_page_type(readme, run.site)
    ok("step 5: ArticlePage(CommentablePageMixin, Page) with the blocks, and its template")


def write_check_settings(run):
    """Not a README step: what the check needs on top of the site's own settings."""
    run.mail_dir.mkdir()
    text = f'''"""Not part of the README: the host site check's own settings."""

from .dev import *  # noqa: F403

# The check reads the moderators' notice from files.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = {str(run.mail_dir)!r}
# The served address: the notice links to the admin there.
WAGTAILADMIN_BASE_URL = {run.base_url!r}
ALLOWED_HOSTS = ["127.0.0.1"]
'''
    (run.site.settings_file.parent / "hostcheck.py").write_text(text)
    print("check-only settings (not part of the README): mysite/settings/hostcheck.py")


def check_names_missing_block(run, readme):
    """Before step 4, as the README says: wagtail start's base.html lacks extra_head, and
    ``manage.py check`` names it."""
    readme.quoted("`manage.py check` names a block that is missing")
    said = run.manage("check")
    expect(
        "wagtail_kundenforum.W002" in said and "extra_head" in said,
        f"manage.py check warns that base.html lacks extra_head:\n{said}",
    )
    ok("before step 4, manage.py check warns: base.html has no {% block extra_head %}")


def migrate(run, readme):
    """README step 6: makemigrations, then migrate."""
    make, apply = readme_steps.commands(
        readme, "python manage.py makemigrations", "python manage.py migrate"
    )
    made = run.manage(*make[2:])
    expect("home" in made and "articlepage" in made.lower(), f"a migration of home:\n{made}")
    ok("makemigrations wrote home's migration for ArticlePage")
    run.manage(*apply[2:], "--noinput")
    run.manage("makemigrations", "--check", "--dry-run")
    ok("migrate applied everything; no model change without a migration")
    run.manage("check", "--fail-level", "WARNING")
    ok("manage.py check: no errors, no warnings")


def make_content(run):
    """An admin user, the forum and the pages, then the suggestions from a spreadsheet."""
    env = run.site_env() | {"DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD}
    run.run(
        [run.python, "manage.py", "createsuperuser", "--noinput", "--username", ADMIN_USER,
         "--email", "redaktion@stadtwerke.example"],
        timeout=120,
        cwd=run.site.root,
        env=env,
        log="createsuperuser",
    )  # fmt: skip
    script = f"exec(open({str(HERE / 'site_content.py')!r}, encoding='utf-8').read())"
    output = run.manage("shell", "--command", script)
    found = re.search(r"^HOSTSITE-CONTENT (.*)$", output, re.MULTILINE)
    expect(found, f"the content script's result line in:\n{output}")
    pages = json.loads(found.group(1))
    ok(f"a forum, its news list and report, and the article page {pages['article']}")
    return pages


SUGGESTIONS = [
    ("1", "Festnetznummer für die Hotline", "Service", "in-der-mache"),
    ("2", "Nachtbus am Wochenende", "Bus", "in-pruefung"),
    ("3", "Abschlag online ändern", "Service", "gibt-es-schon"),
    ("4", "Wasserhärte auf der Rechnung", "Wasser", "umgesetzt"),
    ("5", "Freibad im Winter öffnen", "Bäder", "geht-nicht"),
]


def import_suggestions(run, readme):
    """README step 8: the forum's suggestions from a CSV file, then again with a new status."""
    readme.quoted("python manage.py kundenforum_import vorschlaege.csv --forum 1")
    first = write_csv(run.tmp / "vorschlaege.csv", SUGGESTIONS)
    report = run.manage("kundenforum_import", first, "--forum", "1")
    ok(f"kundenforum_import: {first_line(report)}")
    # The hotline is done by the next time: importing the file again records the change.
    changed = [(*row[:3], "umgesetzt") if row[0] == "1" else row for row in SUGGESTIONS]
    again = run.manage(
        "kundenforum_import", write_csv(run.tmp / "neu.csv", changed), "--forum", "1"
    )
    ok(f"kundenforum_import again, the hotline now done: {first_line(again)}")


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target)
        writer.writerow(["external id", "title", "description", "status", "answer", "reason"])
        for external_id, title, description, status in rows:
            reason = "Zu teuer im Betrieb." if status == "geht-nicht" else ""
            writer.writerow([external_id, title, description, status, "", reason])
    return path


def first_line(text):
    return text.strip().splitlines()[0] if text.strip() else "(no report)"


# --- serving it -------------------------------------------------------------------------------


def serve(run, readme):
    """The web server and README step 7's mail worker, started and stopped by their PIDs."""
    worker = readme_steps.commands(readme, "python manage.py db_worker --backend kundenforum_mail")
    # --no-reload: one process to stop (the worker reloads on code changes under DEBUG).
    run.start("db_worker", *worker[0][2:], "--no-reload", "--no-startup-delay")
    server = run.start("runserver", "runserver", f"127.0.0.1:{run.port}", "--noreload")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        expect(server.poll() is None, f"runserver ended:\n{run.log_tail('runserver')}")
        try:
            if Browser(run.base_url).get("/").status == 200:
                ok(f"runserver answers at {run.base_url}/")
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise Failed(f"runserver did not answer within 60 s:\n{run.log_tail('runserver')}")


def get(browser, url, status=200):
    response = browser.get(url)
    expect(
        response.status == status,
        f"GET {url}: expected {status}, got {response.status}\n{tail(response.text, 20)}",
    )
    return response


def has(response, *markers):
    for marker in markers:
        expect(marker in response.text, f"{response.url}: expected {marker!r} on the page")


def check_site_page(reader, pages):
    page = get(reader, pages["article"])
    has(page, "kundenforum/css/kundenforum.css", "css/mysite.css", 'class="kf-comments"')
    has(page, "kf-comment-form", "kf-tracker", "kf-tracker-chart", "kf-stats")
    expect(
        "private" in page.headers.get("cache-control", ""),
        f"Cache-Control: private on a page with a form, got {page.headers.get('cache-control')}",
    )
    count = len(re.findall(r'class="kf-suggestion[" ]', page.text))
    expect(count == len(SUGGESTIONS), f"{len(SUGGESTIONS)} suggestions in the tracker: {count}")
    ok(f"GET {pages['article']}: the site's page with the tracker ({count}), stats, comments")
    honeypot = re.search(r"<[^>]*\bkf-hp\b[^>]*>", page.text)
    expect(
        honeypot and re.search(r"\shidden[\s>=]", honeypot.group(0)),
        f"the honeypot hidden by its markup (the hidden attribute): {honeypot}",
    )
    ok("the comment form's honeypot is hidden by its markup, not only by the stylesheet")
    css = get(reader, "/static/wagtail_kundenforum/css/kundenforum.css")
    expect("css" in css.headers.get("content-type", ""), "the stylesheet served as text/css")
    ok("the app's stylesheet is served from the wheel")
    return page


def check_tracker_filter(reader, pages):
    url = pages["article"] + "?status=umgesetzt"
    page = get(reader, url)
    statuses = set(re.findall(r'class="kf-suggestion[^"]*"[^>]*data-status="([^"]+)"', page.text))
    statuses |= set(re.findall(r'data-status="([^"]+)"[^>]*class="kf-suggestion', page.text))
    expect(statuses == {"umgesetzt"}, f"only 'umgesetzt' suggestions at {url}, got {statuses}")
    ok(f"GET {url}: the tracker filtered to one status")


def set_moderator(admin):
    """README step 8: the moderators' address in Settings → Customer forum settings."""
    url = "/admin/settings/wagtail_kundenforum/kundenforumsettings/"
    response = admin.get(url)
    if response.status in (301, 302):
        url = response.location
        response = admin.get(url)
    expect(response.status == 200, f"GET {url}: the settings form, got {response.status}")
    form = find_form(response.text, lambda f: "moderator_emails" in f.fields, "settings form")
    answer = admin.post(form.action or url, form.values(moderator_emails=MODERATOR), referer=url)
    expect(answer.status == 302, f"POST the settings: a redirect, got {answer.status}")
    ok(f"admin: moderator e-mail address saved in the site's settings ({MODERATOR})")


def log_in(run):
    admin = Browser(run.base_url)
    page = get(admin, "/admin/login/")
    form = find_form(page.text, lambda f: "password" in f.names, "login form")
    values = form.values(username=ADMIN_USER, password=ADMIN_PASSWORD)
    answer = admin.post(form.action or "/admin/login/", values, referer="/admin/login/")
    expect(answer.status == 302, f"POST /admin/login/: a redirect, got {answer.status}")
    get(admin, "/admin/")
    ok(f"logged into the Wagtail admin as {ADMIN_USER}")
    return admin


COMMENT = "Die Festnetznummer ist eine große Hilfe. Danke!\nWeiter so."


def post_comment(reader, pages):
    url = pages["article"]
    page = get(reader, url)
    shown_at = time.monotonic()
    form = find_form(page.text, lambda f: "kf-comment-form" in f.attrs.get("class", ""), "form")
    print(f"comment form fields: {', '.join(form.names)}")
    values = form.values(name="Erika Muster", email="erika@example.org", text=COMMENT)
    values["consent"] = ["on"]
    too_soon = reader.post(form.action, values, referer=url)
    expect(
        too_soon.status == 400 and "Festnetznummer ist eine" in too_soon.text,
        f"sent at once: 400 with the text kept (time trap), got {too_soon.status}",
    )
    ok("a comment sent at once is refused (400), the text kept: the time trap holds")
    time.sleep(max(0, shown_at + MIN_SUBMIT_SECONDS + 0.5 - time.monotonic()))
    sent = reader.post(form.action, values, referer=url)
    expect(
        sent.status == 302 and "kf_comment=pending" in sent.location,
        f"POST the comment after {MIN_SUBMIT_SECONDS} s: a redirect to ?kf_comment=pending, "
        f"got {sent.status} {sent.location}\n{tail(sent.text, 15)}",
    )
    landing = get(reader, sent.location)
    has(landing, 'class="kf-message"')
    expect(COMMENT.split("\n")[0] not in landing.text, "the comment not shown before approval")
    ok(f"comment posted with the form's hidden fields ({', '.join(form.hidden)}): it waits")


def read_notice(run):
    """The moderators' notice, sent by the mail worker into the mail folder."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for path in sorted(run.mail_dir.glob("*.log")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = message.get_body(("plain",)).get_content()
            if "Festnetznummer ist eine" in body:
                expect(MODERATOR in message["To"], f"the notice goes to {MODERATOR}")
                link = f"{run.base_url}/admin/snippets/wagtail_kundenforum/readercomment/"
                expect(link in body, f"the notice links to {link}:\n{body}")
                subject = str(message["Subject"]).strip()
                ok(f"the moderators' notice arrived: {subject!r}, with the admin link")
                return link
        time.sleep(0.5)
    raise Failed(f"no moderators' notice within 60 s; worker:\n{run.log_tail('db_worker')}")


def approve(admin, listing):
    """As the moderator: the listing the notice links to, the comment's Approve, confirm."""
    page = get(admin, listing)
    has(page, "Festnetznummer ist eine")
    # Each comment's menu links to the Approve confirmation with its id; the bulk action bar's
    # link has none.
    approve_links = [url for url in links(page.text) if "/readercomment/approve/?id=" in url]
    expect(len(approve_links) == 1, f"one Approve link in the listing: {approve_links}")
    confirm_url = approve_links[0].replace("&amp;", "&")
    confirm = get(admin, confirm_url)
    form = find_form(confirm.text, lambda f: f.method == "post", "confirmation form")
    answer = admin.post(form.action or confirm_url, form.values(), referer=confirm_url)
    expect(answer.status == 302, f"POST the approval: a redirect, got {answer.status}")
    after = get(admin, answer.location)
    expect("/readercomment/approve/?id=" not in after.text, "no comment left to approve")
    ok("admin: the comment approved through the moderation listing's Approve")


def check_comment_shown(reader, pages):
    page = get(reader, pages["article"])
    has(page, 'class="kf-comment', "Erika Muster", "Die Festnetznummer ist eine große Hilfe")
    has(page, "Danke!<br>Weiter so.")
    expect("erika@example.org" not in page.text, "the reader's e-mail never on the page")
    if "kf-comment-count" in page.text:
        has(page, 'data-count="1"')
    ok("the approved comment is on the page (line break kept, e-mail not shown)")


def check_suggestion_pages(reader, pages):
    page = get(reader, pages["article"])
    found = {urllib.parse.urlsplit(u).path for u in links(page.text)}
    # Each suggestion's own page; the handout of all of them is linked besides.
    paths = sorted(p for p in found if re.fullmatch(r"/kundenforum/suggestions/\d+/", p))
    expect(len(paths) == len(SUGGESTIONS), f"links to {len(SUGGESTIONS)} suggestions: {paths}")
    hotline = get(reader, next(u for u in paths if u.endswith(hotline_id(reader))))
    has(hotline, "Festnetznummer für die Hotline", "kf-timeline", "css/mysite.css")
    path = urllib.parse.urlsplit(hotline.url).path
    ok(f"GET {path}: the hotline's page with its timeline, in the site's base.html")


def hotline_id(reader):
    data = json.loads(get(reader, "/kundenforum/api/suggestions/").body)
    item = next(r for r in data["results"] if r["title"].startswith("Festnetznummer"))
    return f"/{item['id']}/"


def check_api(reader):
    response = get(reader, "/kundenforum/api/suggestions/")
    expect("json" in response.headers.get("content-type", ""), "the API answers JSON")
    data = json.loads(response.body)
    expect(data["count"] == len(SUGGESTIONS), f"count {len(SUGGESTIONS)}: {data['count']}")
    hotline = next(r for r in data["results"] if r["title"].startswith("Festnetznummer"))
    expect(hotline["status"]["slug"] == "umgesetzt", f"the hotline done: {hotline['status']}")
    expect(hotline["history"], "the hotline's history has its status change")
    expect("@" not in response.text, "no e-mail address in the API")
    ok(f"GET /kundenforum/api/suggestions/: {data['count']} suggestions, the hotline's history")
    bad = reader.get("/kundenforum/api/suggestions/?forum=abc")
    expect(bad.status == 400, f"?forum=abc: 400, got {bad.status}")


def check_feeds(reader, pages):
    feed = get(reader, "/kundenforum/feed/status-changes/")
    expect("atom" in feed.headers.get("content-type", ""), "the status feed is Atom")
    has(feed, "<entry>", "Festnetznummer für die Hotline")
    ok("GET /kundenforum/feed/status-changes/: Atom, with the hotline's status change")
    report = get(reader, pages["report"])
    has(report, 'class="kf-report', "application/ld+json", 'type="application/rss+xml"')
    ok(f"GET {pages['report']}: the report in base.html, with JSON-LD and the RSS link")
    rss = get(reader, pages["index"] + "feed/")
    has(rss, "<rss", "Erstes Kundenforum im Kundenzentrum")
    ok(f"GET {pages['index']}feed/: the news list's RSS feed")


def use_the_site(run, pages):
    reader = Browser(run.base_url)
    check_site_page(reader, pages)
    check_tracker_filter(reader, pages)
    admin = log_in(run)
    set_moderator(admin)
    post_comment(reader, pages)
    listing = read_notice(run)
    approve(admin, listing)
    check_comment_shown(reader, pages)
    check_suggestion_pages(reader, pages)
    check_api(reader)
    check_feeds(reader, pages)


# --- the run ----------------------------------------------------------------------------------


def main(run):
    readme = readme_steps.Readme(REPO / "README.md")
    run.step("README step 1: build the package from the checkout")
    wheel = build_package(run, readme)
    run.step("a new site: wagtail start on Python {}, Wagtail {}, Django {}".format(*run.pair))
    make_site(run)
    run.step("README step 1: install the wheel into the site's venv")
    install_package(run, readme, wheel)
    run.step("README steps 2 to 5: settings, URLs, base template, the site's own page type")
    apply_readme(run, readme)
    run.step("README step 6: makemigrations, migrate")
    migrate(run, readme)
    run.step("README step 8: content, as editors make it")
    pages = make_content(run)
    import_suggestions(run, readme)
    run.step("README step 7: serve the site with the mail worker")
    serve(run, readme)
    run.step("over HTTP: a reader, an editor and a moderator")
    use_the_site(run, pages)


def on_alarm(signum, frame):
    raise Failed("the whole run took longer than --timeout")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pair",
        choices=PAIRS,
        default="oldest",
        help="the supported Python, Wagtail and Django at this end (default: oldest)",
    )
    parser.add_argument("--python", help="the pair's Python for the site (default: found)")
    parser.add_argument(
        "--builder",
        default=str(REPO / ".venv" / "bin" / "python"),
        help="a Python with `build` installed (default: the project's .venv)",
    )
    parser.add_argument("--timeout", type=int, default=600, help="seconds for the whole run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args()


if __name__ == "__main__":
    run = Run(parse_args())
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda *_: on_alarm(None, None))
    signal.alarm(run.args.timeout)
    status = 1
    try:
        main(run)
        status = 0
    except (Failed, readme_steps.ReadmeMismatch, AssertionError, OSError) as error:
        print(f"\nFAILED: {error}", flush=True)
    finally:
        signal.alarm(0)
        run.stop_all()
        if status:
            for name in ("runserver", "db_worker"):
                if run.log_tail(name):
                    print(f"\n-- the end of {name}'s log:\n{run.log_tail(name)}")
        if run.args.keep:
            print(f"kept for a look: {run.tmp}")
        else:
            shutil.rmtree(run.tmp, ignore_errors=True)
        seconds = time.monotonic() - run.started
        verdict = "passed" if status == 0 else "FAILED"
        print(f"\nhost site check {verdict} in {seconds:.0f} s")
    sys.exit(status)
