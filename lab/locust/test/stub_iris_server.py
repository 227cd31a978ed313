"""A stand-in Iris service for validation tests: answers every prediction with the species given on the command
line, and with 400 when a request lacks the load-test marking; with a delay, it answers everything but the health
check that many seconds late (a client timeout test). Usage: stub_iris_server.py <port> <species> [delay]."""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, SPECIES = int(sys.argv[1]), sys.argv[2]
DELAY_SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, body):
        if self.path != "/health/ready":
            time.sleep(DELAY_SECONDS)
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (its timeout): nobody left to answer

    def marked(self):
        return self.headers.get("X-Load-Test") == "iris-lab" and "synthetic=true" in self.headers.get("baggage", "")

    def do_GET(self):
        if self.path == "/health/ready":
            return self.answer(200, {"status": "ok"})
        self.answer(200 if self.marked() else 400, {"name": "iris"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if not self.marked():
            return self.answer(400, {"error": "missing X-Load-Test / baggage synthetic=true"})
        if self.path == "/predict/batch":
            return self.answer(200, {"predictions": [{"species": SPECIES} for _ in body["instances"]]})
        self.answer(200, {"species": SPECIES})

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
