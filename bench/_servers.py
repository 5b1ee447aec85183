"""Real Odoo servers for the benchmarks and the multi-server tests: odoo-bin started in a
process group of its own (threaded or prefork, with its workers and gevent process),
watched through its log, stopped or killed as a whole; the databases they serve; their
logs checked; JSON-RPC calls to them; the proxy of prefork mode (scripts/odoo_proxy.py).

Shared by bench/bench_background_import.py, bench/bench_night_shift.py and
bench/check_prefork_websocket.py (run from the repository root, Odoo importable)."""

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import requests

import odoo
from odoo import api

ODOO_BIN = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROXY = os.path.join(ROOT, "scripts", "odoo_proxy.py")
# a line of an Odoo log at ERROR or CRITICAL level, or a traceback (also on stderr)
BAD_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) |Traceback \(most recent call last\)")


# Set by use_ports_from(): ports are taken upward from there (as scripts/lib.sh's
# free_port), else any free port the system gives.
_ports = {"next": None}


def use_ports_from(port):
    _ports["next"] = port


def free_port():
    if _ports["next"] is None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    port = _ports["next"]
    while True:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
                break
            except OSError:
                port += 1
    _ports["next"] = port + 1  # not handed out twice, even before the server binds it
    return port


def record_pid(pid):
    """Notes a process group started here in $ODOO_SERVERS_PID_FILE (when set): the
    calling script (scripts/test.sh) kills what is left of them at its end, even when
    this process was killed first."""
    path = os.environ.get("ODOO_SERVERS_PID_FILE")
    if path:
        with open(path, "a") as handle:
            handle.write(f"{pid}\n")


def stop_on_sigterm():
    """SIGTERM ends the script as Ctrl+C does: its ``finally`` blocks stop the servers."""
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))


def argument_parser(description):
    """The options of a script that starts servers: -c, -d, --ports-from."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--ports-from", type=int, help="the servers' ports: free ones from this one up"
    )
    return parser


def parse_arguments(parser):
    """The script's arguments; from now on SIGTERM stops its servers, and their ports are
    taken from --ports-from when given."""
    args = parser.parse_args()
    stop_on_sigterm()
    if args.ports_from:
        use_ports_from(args.ports_from)
    return args


@contextlib.contextmanager
def running_servers(config, database, log_dir, name, servers_args, timeout=300):
    """``with running_servers(...) as servers:`` servers on ``database``, one per dict of
    ``Server`` options in ``servers_args``, started together and ready; their logs
    <log_dir>/<name>-<n>.log. They are stopped at the end of the block, whatever happens
    (the list stays usable afterwards, for their logs)."""
    servers = [
        Server(config, database, os.path.join(log_dir, f"{name}-{i}.log"), **kwargs)
        for i, kwargs in enumerate(servers_args)
    ]
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready(timeout)
        yield servers
    finally:
        for server in servers:
            if server.running():
                server.stop()


_parsed = []


def parse_config(config):
    """Odoo's configuration, read once per process (Odoo's configuration cannot be read
    again once a registry was loaded). No database is set in it: the databases are named
    where they are used (with one set, Odoo's database service would see only that one)."""
    if _parsed:
        assert _parsed[0] == config, "one configuration per process"
        return
    odoo.tools.config.parse_config(["-c", config, "--log-level=warn"])
    _parsed.append(config)


def database_exists(database):
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        return bool(cr.fetchone())


def install(config, database, modules="crm_contract"):
    """A new database with ``modules`` installed, no demo data (odoo-bin -i)."""
    print(f"creating {database} ({modules}, no demo data)", flush=True)
    subprocess.run(
        [sys.executable, ODOO_BIN, "-c", config, "-d", database, "-i", modules]
        + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
    )


def ensure_database(config, database):
    """The registry of ``database``, created (crm_contract, no demo data) unless it exists."""
    parse_config(config)
    if not database_exists(database):
        install(config, database)
    return odoo.modules.registry.Registry(database)


def drop_database(config, database):
    """Drops ``database`` and its filestore (Odoo's own database service), if it exists."""
    parse_config(config)
    odoo.modules.registry.Registry.delete(database)
    odoo.sql_db.close_db(database)
    if database_exists(database):
        odoo.service.db.exp_drop(database)


def fresh_database(config, database):
    """A new ``database`` (an earlier one dropped), crm_contract installed, no demo data."""
    drop_database(config, database)
    install(config, database)
    return odoo.modules.registry.Registry(database)


def copy_database(config, source, target):
    """A copy of ``source`` (its filestore included) as ``target`` (an earlier one dropped):
    Odoo's own duplicate, which needs nobody connected to ``source``."""
    drop_database(config, target)
    odoo.modules.registry.Registry.delete(source)
    odoo.sql_db.close_db(source)
    odoo.service.db.exp_duplicate_database(source, target)
    odoo.modules.registry.Registry.delete(target)
    odoo.sql_db.close_db(target)


def env_cursor(registry):
    """``with env_cursor(registry) as env:`` a superuser environment, committed at the end."""

    class _Env:
        def __enter__(self):
            self.cr = registry.cursor()
            return api.Environment(self.cr, odoo.SUPERUSER_ID, {})

        def __exit__(self, exc_type, exc, tb):
            if exc_type is None:
                self.cr.commit()
            self.cr.close()

    return _Env()


def wake_crons(registry):
    """NOTIFY cron_trigger, as ir.cron._trigger() does after its commit: the cron threads
    and cron workers of every server poll for due jobs now rather than at their next
    wake-up (at most a minute and a few seconds later)."""
    with env_cursor(registry) as env:
        env["ir.cron"]._notifydb()


class Server:
    """odoo-bin on a database, in a process group of its own: threaded (``workers=0``,
    the default: the server process runs the cron threads and serves HTTP) or prefork
    (``workers`` > 0: HTTP workers, cron workers and a gevent process for websockets).
    Its log goes to ``log_path``, its stderr to ``log_path`` + ".stderr"."""

    def __init__(
        self,
        config,
        database,
        log_path,
        workers=0,
        cron_threads=1,
        http_port=None,
        gevent_port=None,
        extra=(),
    ):
        self.http_port = http_port or free_port()
        self.gevent_port = gevent_port or (free_port() if workers else None)
        self.workers = workers
        self.cmd = [
            sys.executable,
            ODOO_BIN,
            "-c",
            config,
            "-d",
            database,
            "--db-filter",
            f"^{database}$",
            f"--workers={workers}",
            f"--max-cron-threads={cron_threads}",
            f"--http-port={self.http_port}",
            "--log-level=info",
            f"--logfile={log_path}",
            *([f"--gevent-port={self.gevent_port}"] if workers else []),
            *extra,
        ]
        self.log_path = log_path
        self.stderr_path = log_path + ".stderr"
        self.process = None
        self.peak_kb = 0
        self.started = None
        self.samples = []  # (time, rows done) as watched, for the rate along the import

    def start(self):
        with open(self.stderr_path, "ab") as stderr:
            self.process = subprocess.Popen(
                self.cmd, start_new_session=True, stdout=stderr, stderr=stderr
            )
        record_pid(self.process.pid)
        self.started = time.perf_counter()

    def log_text(self):
        if not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def wait_ready(self, timeout):
        """Until the server has loaded the database's registry (from then on its cron
        threads take a queued job at once, woken by the trigger's notification); in
        prefork mode, until its HTTP workers and its gevent process answer too."""
        begin = time.perf_counter()
        while time.perf_counter() - begin < timeout:
            if "Registry loaded in" in self.log_text() and (
                not self.workers
                or (
                    self._answers(f"http://127.0.0.1:{self.http_port}/web/health")
                    and self._answers(f"http://127.0.0.1:{self.gevent_port}/websocket/health")
                )
            ):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: see {self.log_path}")
            time.sleep(0.2)
        raise RuntimeError("the server did not load its registry")

    @staticmethod
    def _answers(url):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def sample(self):
        """The peak resident memory (VmHWM) of the server process, whose cron thread
        is the worker that imports (its HTTP threads serve no request)."""
        self.peak_kb = max(self.peak_kb, _vm_hwm_kb(self.process.pid))

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL to the whole process group: the server, its workers, its gevent process."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        return time.perf_counter() - self.started

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        # prefork: workers the master did not reap in time
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        return time.perf_counter() - self.started

    def bad_lines(self):
        """Its log's and stderr's lines at ERROR or CRITICAL level, and tracebacks."""
        return bad_lines([self.log_path, self.stderr_path])


def _vm_hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def bad_lines(paths):
    found = []
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as handle:
            name = os.path.basename(path)
            found += [f"{name}: {line.rstrip()}" for line in handle if BAD_LINE.search(line)]
    return found


class Proxy:
    """scripts/odoo_proxy.py on ``port``: /websocket to the gevent port, the rest to the
    HTTP port, as a production proxy (docs/deployment.md)."""

    def __init__(self, server, port=None):
        self.port = port or free_port()
        self.cmd = [
            sys.executable,
            PROXY,
            f"--port={self.port}",
            f"--http={server.http_port}",
            f"--websocket={server.gevent_port}",
        ]
        self.process = None

    def start(self):
        self.process = subprocess.Popen(self.cmd, start_new_session=True)
        record_pid(self.process.pid)
        begin = time.perf_counter()
        while time.perf_counter() - begin < 10:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("the proxy did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


class Client:
    """A JSON-RPC client of a server, logged in (its session cookie)."""

    def __init__(self, port, database, login="admin", password="admin"):
        self.url = f"http://127.0.0.1:{port}"
        self.session = requests.Session()
        result = self.rpc(
            "/web/session/authenticate", {"db": database, "login": login, "password": password}
        )
        if "error" in result:
            raise RuntimeError(f"login failed: {result['error']}")

    def rpc(self, path, params, timeout=300):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        response = self.session.post(self.url + path, json=payload, timeout=timeout)
        response.raise_for_status()
        return response.json()

    def call_kw(self, model, method, args, kwargs=None, timeout=300):
        """The JSON answer of ``model.method(*args, **kwargs)``: its "result" or "error"."""
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            timeout=timeout,
        )

    @property
    def session_id(self):
        return self.session.cookies.get("session_id")
