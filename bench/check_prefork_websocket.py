"""Prefork mode end to end: odoo-bin --workers=2 on a database with crm_contract, its gevent
process up, and a websocket opened as the web client opens it receives a real bus
notification.

  1. starts ``odoo-bin --workers=2 --max-cron-threads=0`` (HTTP workers and Odoo's gevent
     process, on a port of its own) and scripts/odoo_proxy.py in front of it, as a
     production proxy: ``/websocket`` to the gevent port, the rest to the HTTP port (in
     prefork mode Odoo's HTTP workers do not serve websockets, see docs/deployment.md);
  2. logs in as admin through the proxy (JSON-RPC, /web/session/authenticate) and opens
     ``ws://…/websocket`` on the proxy's port with that session, as the web client does,
     and subscribes (its user's partner channel is added by the server);
  3. sends a notification to the admin's partner from this process (``bus.bus._sendone``
     in a transaction of its own, committed: the gevent process hears it through
     PostgreSQL's NOTIFY) and waits for it on the websocket;
  4. checks that the gevent process was started once (it stayed up), and that the
     server's log and stderr hold no ERROR, CRITICAL or traceback.

Prints one line per check and a final "PREFORK WEBSOCKET: PASS" or "... FAIL"; exits 1 on
failure. The server and the proxy are stopped at the end, whatever happens.

Usage (from the repository root, Odoo importable by python3):
    source scripts/lib.sh && ensure_pg && conf=$(write_odoo_conf /opt/odoo18 bench)
    python3 bench/check_prefork_websocket.py -c "$conf" -d <database with crm_contract>
"""

import json
import os
import sys
import tempfile
import time
import uuid

import websocket
from _servers import (
    Client,
    Proxy,
    Server,
    argument_parser,
    ensure_database,
    env_cursor,
    parse_arguments,
)

WEBSOCKET_VERSION = "18.0-3"  # bus/websocket.py WebsocketConnectionHandler._VERSION
NOTIFICATION_TYPE = "crm_contract/prefork_check"


def receive(ws, token, timeout):
    """The notification carrying ``token``, or None after ``timeout`` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        ws.settimeout(max(deadline - time.time(), 0.1))
        try:
            frame = ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        if not frame:
            continue
        for notification in json.loads(frame):
            message = notification.get("message", {})
            if message.get("type") == NOTIFICATION_TYPE and message.get("payload", {}).get(
                "token"
            ) == (token):
                return notification
    return None


def check(config, database, timeout=120):
    registry = ensure_database(config, database)
    log_path = os.path.join(tempfile.gettempdir(), f"prefork_ws_{database}.log")
    for path in (log_path, log_path + ".stderr"):
        if os.path.exists(path):
            os.remove(path)
    server = Server(config, database, log_path, workers=2, cron_threads=0)
    proxy = Proxy(server)
    results = []
    try:
        server.start()
        server.wait_ready(timeout)
        proxy.start()
        print(
            f"odoo-bin --workers=2: HTTP port {server.http_port}, gevent port "
            f"{server.gevent_port}; proxy port {proxy.port}",
            flush=True,
        )
        client = Client(proxy.port, database)
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{proxy.port}/websocket?version={WEBSOCKET_VERSION}",
            cookie=f"session_id={client.session_id}",
            origin=f"http://127.0.0.1:{proxy.port}",
            timeout=30,
        )
        results.append(("websocket opened on the proxy's port (101 Switching Protocols)", True))
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        time.sleep(1)  # the subscription is handled by the gevent process
        token = uuid.uuid4().hex
        with env_cursor(registry) as env:
            admin = env.ref("base.user_admin")
            env["bus.bus"]._sendone(admin.partner_id, NOTIFICATION_TYPE, {"token": token})
        begin = time.time()
        notification = receive(ws, token, timeout=30)
        ws.close()
        results.append(
            (
                "the bus notification arrived on the websocket"
                + (f" in {time.time() - begin:.2f} s" if notification else " (none in 30 s)"),
                notification is not None,
            )
        )
    except Exception as exc:  # noqa: BLE001  (reported as a failed check)
        results.append((f"{type(exc).__name__}: {exc}", False))
    finally:
        proxy.stop()
        if server.running():
            server.stop()
    starts = server.log_text().count("Evented Service (longpolling) running")
    results.append((f"the gevent process started once and stayed up ({starts} start)", starts == 1))
    bad = server.bad_lines()
    results.append((f"no ERROR, CRITICAL or traceback in the server's log ({len(bad)})", not bad))
    for line in bad[:20]:
        print("   ", line)
    for label, ok in results:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    ok = all(ok for _label, ok in results)
    print(f"PREFORK WEBSOCKET: {'PASS' if ok else 'FAIL'} (log: {log_path})")
    return 0 if ok else 1


def main():
    args = parse_arguments(argument_parser(__doc__.splitlines()[0]))
    return check(args.config, args.database)


if __name__ == "__main__":
    sys.exit(main())
