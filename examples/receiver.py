#!/usr/bin/env python3
"""A webhook receiver for the examples: prints every request it gets and answers 200.

    python3 examples/receiver.py [port]      (default 9911, listens on 127.0.0.1 only)
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def _receive(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        print(f"--- {self.command} {self.path}")
        for name in ("Content-Type", "X-Shop-Key"):
            if self.headers.get(name) is not None:
                print(f"{name}: {self.headers.get(name)}")
        try:
            print(json.dumps(json.loads(body), indent=2))
        except ValueError:
            print(body.decode("utf-8", "replace"))
        sys.stdout.flush()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"received": true}')

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET = _receive

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9911
    print(f"listening on http://127.0.0.1:{port}/")
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()
