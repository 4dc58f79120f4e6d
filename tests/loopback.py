"""A one-handler HTTP server on a loopback address, for tests that play a hostile or broken Bugzilla."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[BaseHTTPRequestHandler], None]


class LoopbackServer:
    """Serves GET requests with ``handle`` on ``host`` (any 127.x address); records every request's headers."""

    def __init__(self, host: str, handle: Handler) -> None:
        self.seen: list[dict[str, str]] = []
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                outer.seen.append(dict(self.headers))
                try:
                    handle(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as the tests want it to

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((host, 0), _Handler)
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def send_json(handler: BaseHTTPRequestHandler, body: object, status: int = 200) -> None:
    """Answer with ``body``: an object to dump, or JSON text as it is (it may hold what json.dumps would not
    write)."""
    data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8", "surrogatepass")
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
