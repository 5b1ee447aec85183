"""Screenshots of the running web client in headless Chromium, as a person would see it:
logs in, opens each page at a desktop and a phone size, saves PNGs, and lists the errors the
browser console printed on the way.

    python3 scripts/screenshots.py --url http://127.0.0.1:8069 --login admin --password admin \\
        --out /tmp/shots [--lang zh_CN] [--size 1366x900 --size 375x667] \\
        [--page "contracts=/odoo/action-crm_contract.crm_contract_action"] ...

Each --page is name=path (path relative to --url); --click "name=css selector" clicks that
element after the page of that name has loaded (for example a tab), then screenshots again.
With --lang, the user's language is set through JSON-RPC before the pages are opened.
Needs `chromium` and the websocket-client package (requirements-dev.txt).
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

CLOSE_NOTIFICATIONS = "document.querySelectorAll('.o_notification_close').forEach(b => b.click())"
SCROLL_AND_CLICK = "el => { if (el) { el.scrollIntoView({block: 'start'}); el.click(); } }"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    def __init__(self, width, height):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="crm-shots-")
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json") as r:
                    tabs = [t for t in json.load(r) if t["type"] == "page"]
                if tabs:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        self.ws = websocket.create_connection(tabs[0]["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.errors = []
        self.call("Runtime.enable")
        self.call("Page.enable")
        mobile = width < 600
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        if mobile:
            self.call("Emulation.setTouchEmulationEnabled", enabled=True)

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == "Runtime.consoleAPICalled":
                if message["params"]["type"] == "error":
                    args = message["params"]["args"]
                    self.errors.append(" ".join(str(a.get("value", a)) for a in args)[:300])
            elif message.get("method") == "Runtime.exceptionThrown":
                self.errors.append(str(message["params"]["exceptionDetails"])[:300])
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    def goto(self, url, settle=2.5):
        self.call("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            time.sleep(0.3)
            if self.js("document.readyState") == "complete":
                break
        time.sleep(settle)

    def shot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def set_lang(url, db, login, password, lang):
    """Sets the user's language over JSON-RPC (installing it when missing)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())

    def rpc(path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(url + path, body, {"Content-Type": "application/json"})
        with opener.open(request) as response:
            answer = json.load(response)
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    session = rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})

    def call(model, method, *args, context=None):
        params = {"model": model, "method": method, "args": list(args), "kwargs": {}}
        params["kwargs"]["context"] = context or {}
        return rpc(f"/web/dataset/call_kw/{model}/{method}", params)

    if not call("res.lang", "search", [("code", "=", lang)]):  # not installed yet (admins)
        lang_ids = call("res.lang", "search", [("code", "=", lang)], context={"active_test": False})
        wizard = call("base.language.install", "create", {"lang_ids": [(6, 0, lang_ids)]})
        call("base.language.install", "lang_install", [wizard])
    # the user's own preference (as the Preferences dialog writes it)
    call("res.users", "write", [session["uid"]], {"lang": lang})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--lang")
    parser.add_argument("--db", default="crm_contract", help="the database (for --lang)")
    parser.add_argument("--out", default="/tmp/shots")
    parser.add_argument("--size", action="append")
    parser.add_argument("--page", action="append", default=[])
    parser.add_argument("--click", action="append", default=[])
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.lang:
        set_lang(args.url, args.db, args.login, args.password, args.lang)
    pages = [p.split("=", 1) for p in args.page]
    clicks = {}
    for item in args.click:
        name, selector = item.split("=", 1)
        clicks.setdefault(name, []).append(selector)
    suffix = f"-{args.lang}" if args.lang else ""
    for size in args.size or ["1366x900", "375x667"]:
        width, height = (int(v) for v in size.split("x"))
        browser = Browser(width, height)
        try:
            browser.goto(f"{args.url}/web/login", settle=0.5)
            browser.js(
                f"document.querySelector('#login').value={json.dumps(args.login)};"
                f"document.querySelector('#password').value={json.dumps(args.password)};"
                "document.querySelector('form').submit();"
            )
            time.sleep(3)
            for name, path in pages:
                browser.goto(args.url + path)
                # sticky notifications (such as the bus's "page out of date" in headless
                # Chromium) would hide the page
                browser.js(CLOSE_NOTIFICATIONS)
                target = out / f"{name}-{size}{suffix}.png"
                browser.shot(target)
                print(target)
                for index, selector in enumerate(clicks.get(name, []), 1):
                    browser.js(
                        f"({SCROLL_AND_CLICK})(document.querySelector({json.dumps(selector)}))"
                    )
                    time.sleep(2)
                    target = out / f"{name}-{size}{suffix}-{index}.png"
                    browser.shot(target)
                    print(target)
        finally:
            for error in browser.errors:
                print(f"console error ({size}): {error}")
            browser.close()


if __name__ == "__main__":
    main()
