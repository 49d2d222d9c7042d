"""Starts member-server on a free port of 127.0.0.1 with a fresh database and
talks to it with http.client. Used by the e2e tests (tests/e2e/test_*.py)."""
import http.client
import json
import os
import signal
import subprocess

SERVER = os.environ.get("MEMBER_SERVER", "")
SECRET = "e2e-shared-secret-0123456789abcdef"
START = "2026-01-31T12:00:00Z"


class Server:
    def __init__(self, directory, *flags, fake_clock=True, command=None, env=None):
        secret_file = os.path.join(directory, "internal.secret")
        with open(secret_file, "w") as f:
            f.write(SECRET + "\n")
        args = [*(command or [SERVER]), "--port", "0", "--database", os.path.join(directory, "member.db"),
                "--internal-secret-file", secret_file, *flags]
        if fake_clock:
            args += ["--fake-clock", START]
        self.log_path = os.path.join(directory, "access.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                        env=env)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            self.process.kill()
            raise RuntimeError("server did not start: " + line + open(self.log_path).read())
        self.port = int(line.strip().rsplit(":", 1)[1])

    def stop(self, sig=signal.SIGTERM):
        """Stops the server with `sig` and returns its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        status = self.process.wait(timeout=60)
        self.log.close()
        return status

    def raw(self, method, path, body=b"", headers=None):
        """Sends bytes; returns (status, headers dict, parsed JSON body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response.status, dict(response.getheaders()), json.loads(data)
        finally:
            conn.close()

    def oversized(self, method, path, length, headers=None):
        """Announces a body of `length` bytes and sends none: a server that
        checks Content-Length answers at once and closes. (Sending the body
        races that close: the client can meet a reset mid-send.)"""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.putrequest(method, path)
            for name, value in {"Content-Type": "application/json",
                                "Content-Length": str(length), **(headers or {})}.items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), json.loads(response.read())
        finally:
            conn.close()

    def call(self, method, path, body=None, headers=None):
        payload = b"" if body is None else json.dumps(body).encode()
        return self.raw(method, path, payload, headers)

    # Credentials of the scheme in examples/server/README.md.
    @staticmethod
    def internal(service="orders", tenant=None):
        h = {"X-Internal-Secret": SECRET, "X-Internal-Service": service}
        if tenant:
            h["X-Tenant-Id"] = tenant
        return h

    @staticmethod
    def as_user(user_id, tenant=None):
        h = {"X-Internal-Secret": SECRET, "X-Act-As-User": user_id}
        if tenant:
            h["X-Tenant-Id"] = tenant
        return h

    # The gateway's word that it verified a third-party identity.
    VERIFIED = {"X-Identity-Verified": SECRET}

    @staticmethod
    def as_admin(operator="ops-anna"):
        return {"X-Internal-Secret": SECRET, "X-Act-As-Admin": operator}

    def advance(self, seconds):
        status, _, body = self.call("POST", "/_test/clock/advance", {"seconds": seconds},
                                    self.internal())
        assert status == 200, body
