#!/usr/bin/env python3
"""A Python service hosting member: seed 001's core routes over the Python
bindings (bindings/python), standard library only (http.server).

    MEMBER_C_LIBRARY=build/release/capi/libmember_c.so \\
      PYTHONPATH=bindings/python python3 examples/py-server/server.py \\
      --port 8081 --database var/py.db --internal-secret-file var/internal.secret

Routes (the same paths, envelope, error statuses and authentication headers as
examples/server; see its README): POST /user/auth/register, POST
/account/signin, GET|PUT /api/v1/member-system/profile, POST .../points/earn
(internal), POST .../points/use, GET .../points/transactions, GET /healthz.
Each route only translates HTTP to one operation of the table; member decides.
Prints "listening on ADDRESS:PORT"; SIGINT/SIGTERM stop it.
"""
import argparse
import datetime
import hashlib
import hmac
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import member

V1 = "/api/v1/member-system"
STATUS = {"invalid_argument": 400, "unauthenticated": 401, "permission_denied": 403,
          "not_found": 404, "conflict": 409, "failed_precondition": 409,
          "insufficient_points": 409, "insufficient_funds": 409, "locked": 423,
          "resource_exhausted": 429, "busy": 503}
WORD = {200: "success", 400: "invalid_request", 401: "unauthorized", 403: "forbidden",
        404: "not_found", 409: "conflict", 413: "payload_too_large", 423: "locked",
        429: "too_many_requests", 503: "busy", 500: "internal_error"}


def own(body, actor):
    if actor.kind == "user" and "user_id" not in body:
        body["user_id"] = actor.id
    return body


def renamed(body, names):
    for seed, op in names.items():
        if seed in body and op not in body:
            body[op] = body.pop(seed)
    return body


def page(query, request):
    try:
        limit = int(query.get("limit", ["20"])[0])
        number = int(query.get("page", ["1"])[0])
    except ValueError:
        raise member.InvalidArgumentError("limit: must be a positive integer", "limit")  # noqa
    if limit < 1 or number < 1:
        raise member.InvalidArgumentError("page: must be a positive integer", "page")  # noqa
    request.update(limit=limit, offset=(number - 1) * limit)
    return request


# (method, path) -> (operation, access, request builder(body, query, actor))
ROUTES = {
    ("POST", "/user/auth/register"): ("accounts.register", "public", lambda b, q, a: b),
    ("POST", "/account/signin"): ("accounts.sign_in", "public", lambda b, q, a: b),
    ("GET", V1 + "/profile"): ("accounts.profile", "member",
                               lambda b, q, a: own({}, a)),
    ("PUT", V1 + "/profile"): ("accounts.update_profile", "member", lambda b, q, a: own(b, a)),
    ("POST", V1 + "/points/earn"): ("points.earn", "internal",
                                    lambda b, q, a: renamed(b, {"points": "amount"})),
    ("POST", V1 + "/points/use"): (
        "points.use", "member",
        lambda b, q, a: own(renamed(b, {"points_to_use": "amount", "order_id": "related_order"}), a)),
    ("GET", V1 + "/points/transactions"): ("points.history", "member",
                                           lambda b, q, a: page(q, own({}, a))),
}


class Service:
    def __init__(self, system, secret, max_body):
        self.system = system
        self.secret_digest = hashlib.sha256(secret.encode()).digest() if secret else b""
        self.max_body = max_body

    def actor(self, headers, tenant):
        if headers.get("Authorization"):
            raise member.UnauthenticatedError("Authorization: bearer tokens are not enabled")  # noqa
        given = headers.get("X-Internal-Secret")
        if not given:
            return member.Actor.anonymous(tenant)
        digest = hashlib.sha256(given.encode()).digest()
        if not self.secret_digest or not hmac.compare_digest(digest, self.secret_digest):
            raise member.UnauthenticatedError("X-Internal-Secret: not accepted")  # noqa
        if headers.get("X-Act-As-User"):
            return member.Actor.user(headers["X-Act-As-User"], tenant)
        if headers.get("X-Act-As-Admin"):
            return member.Actor.admin(headers["X-Act-As-Admin"], tenant)
        return member.Actor.service(headers.get("X-Internal-Service") or "internal", tenant)

    def handle(self, method, target, headers, read_body):
        """Returns (status, envelope data or error dict)."""
        url = urlsplit(target)
        if (method, url.path) == ("GET", "/healthz"):
            return 200, {"status": "ok"}
        route = ROUTES.get((method, url.path))
        if route is None:
            return 404, {"error": "no such route"}
        operation, access, build = route
        try:
            tenant = headers.get("X-Tenant-Id") or "default"
            actor = self.actor(headers, tenant)
            if access != "public" and actor.kind == "anonymous":
                raise member.UnauthenticatedError("this route needs credentials")  # noqa
            if (access == "internal" and actor.kind not in ("service", "system")) or \
               (access == "admin" and actor.kind not in ("admin", "system")):
                raise member.PermissionDeniedError("this route is for %s callers" % access)  # noqa
            length = int(headers.get("Content-Length") or 0)
            if length > self.max_body:
                return 413, {"error": "request body too large"}
            text = read_body(length) if method != "GET" else b""
            body = {}
            if text:
                try:
                    body = json.loads(text)
                except ValueError:
                    raise member.InvalidArgumentError("body: malformed JSON", "body")  # noqa
                if not isinstance(body, dict):
                    raise member.InvalidArgumentError("body: must be a JSON object", "body")  # noqa
            request = build(body, parse_qs(url.query), actor)
            return 200, self.system.call(operation, request, actor)
        except member.MemberError as e:
            status = STATUS.get(e.name, 500)
            if status == 500:
                return 500, {"error": "internal_error"}
            data = {"error": e.name, "detail": e.message}
            if e.field or e.name == "invalid_argument":
                data["errors"] = [{"field": e.field, "message": e.message}]
            if e.shortage:
                data["shortage"] = e.shortage
            return status, data


def make_handler(service, log):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self):
            started = datetime.datetime.now(datetime.timezone.utc)
            status, data = service.handle(self.command, self.path, self.headers, self.rfile.read)
            now = datetime.datetime.now(datetime.timezone.utc)
            body = json.dumps({"code": status, "message": WORD.get(status, "internal_error"),
                               "data": data,
                               "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if status == 413:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
            log.write(json.dumps({"ts": started.isoformat(), "method": self.command,
                                  "path": urlsplit(self.path).path, "status": status,
                                  "error": data.get("error", "") if status != 200 else ""}) + "\n")
            log.flush()

        do_GET = do_POST = do_PUT = do_DELETE = answer

        def log_message(self, *args):  # the JSON access log above replaces it
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--database", default="var/member.db")
    parser.add_argument("--key-file", default="")
    parser.add_argument("--internal-secret-file", default="")
    parser.add_argument("--max-body", type=int, default=1 << 20)
    args = parser.parse_args()
    secret = ""
    if args.internal_secret_file:
        secret = open(args.internal_secret_file).read().strip()
    options = {"database": args.database}
    if args.key_file:
        options["key_file"] = args.key_file
    with member.System(**options) as system:
        httpd = ThreadingHTTPServer((args.bind, args.port),
                                    make_handler(Service(system, secret, args.max_body), sys.stderr))
        stop = lambda *_: threading.Thread(target=httpd.shutdown).start()  # noqa: E731
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        print("listening on %s:%d" % (args.bind, httpd.server_address[1]), flush=True)
        httpd.serve_forever()
        httpd.server_close()
    print("py-server: stopped", file=sys.stderr)


if __name__ == "__main__":
    main()
