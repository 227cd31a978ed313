"""A stand-in Iris service for validation tests: answers every prediction with the species given on the command
line, and with 400 when a request lacks the load-test marking. Usage: stub_iris_server.py <port> <species>."""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, SPECIES = int(sys.argv[1]), sys.argv[2]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

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
