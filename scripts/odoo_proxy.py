"""A minimal reverse proxy for Odoo in prefork mode, for `make run WORKERS=N` and the tests:
what nginx does in production, on one port.

In prefork mode (``odoo-bin --workers=N``) the HTTP workers do not serve websockets: a
request for ``/websocket`` on Odoo's HTTP port fails there ("Couldn't bind the websocket.
Is the connection opened on the evented port?"). The websocket is served by Odoo's gevent
process on its own port (``--gevent-port``), and the web client opens ``/websocket`` on
the port the page came from. So a proxy sends ``/websocket`` to the gevent port and
everything else to the HTTP port (docs/deployment.md).

Each client connection is routed by the path of its first request (a websocket is a
connection of its own, opened by ``GET /websocket``), then bytes are copied both ways.
Odoo's HTTP workers answer one request per connection, so no later request of a
connection can need another route.

    python3 scripts/odoo_proxy.py --port 8069 --http 8070 --websocket 8072
"""

import argparse
import asyncio
import contextlib
import sys

HEAD_LIMIT = 65536


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


def route(head, http_port, websocket_port):
    """The backend port of a request whose head (request line and headers) is ``head``."""
    request_line = head.split(b"\r\n", 1)[0].split()
    path = request_line[1] if len(request_line) > 1 else b"/"
    if path == b"/websocket" or path.startswith((b"/websocket?", b"/websocket/")):
        return websocket_port
    return http_port


async def handle(client_reader, client_writer, host, http_port, websocket_port):
    try:
        head = await client_reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        client_writer.close()
        return
    port = route(head, http_port, websocket_port)
    try:
        backend_reader, backend_writer = await asyncio.open_connection(host, port)
    except OSError:
        client_writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        client_writer.close()
        return
    backend_writer.write(head)
    await asyncio.gather(pipe(client_reader, backend_writer), pipe(backend_reader, client_writer))


async def serve(port, host, http_port, websocket_port):
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, host, http_port, websocket_port),
        "127.0.0.1",
        port,
        limit=HEAD_LIMIT,
    )
    print(
        f"[odoo_proxy] 127.0.0.1:{port}: /websocket -> {host}:{websocket_port}, "
        f"the rest -> {host}:{http_port}",
        flush=True,
    )
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="the port clients open")
    parser.add_argument("--http", type=int, required=True, help="Odoo's HTTP port")
    parser.add_argument("--websocket", type=int, required=True, help="Odoo's gevent port")
    parser.add_argument("--host", default="127.0.0.1", help="where Odoo listens")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.host, args.http, args.websocket))
    return 0


if __name__ == "__main__":
    sys.exit(main())
