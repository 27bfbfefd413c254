#!/usr/bin/env python3
"""A local webhook receiver for trying Budstikke's push delivery: it agrees to the CloudEvents webhook
handshake and prints each pushed event with its Standard Webhooks headers. Usage: webhook-receiver.py [port]"""
import http.server
import sys


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_OPTIONS(self):
        self.send_response(200)
        self.send_header("WebHook-Allowed-Origin", self.headers.get("WebHook-Request-Origin", "*"))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        print(f"webhook-id={self.headers.get('webhook-id')} signature={self.headers.get('webhook-signature')}")
        print(body, flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
print(f"Listening on http://localhost:{port}/", flush=True)
http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
