"""The process: --help, bad flags, graceful shutdown on SIGINT and SIGTERM."""
import signal
import subprocess

from server import SERVER, Server


def test_help_and_bad_flags():
    out = subprocess.run([SERVER, "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for flag in ("--port", "--bind", "--database", "--key-file", "--internal-secret-file"):
        assert flag in out.stdout
    bad = subprocess.run([SERVER, "--port", "70000"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--port" in bad.stderr
    unknown = subprocess.run([SERVER, "--colour"], capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "unknown flag" in unknown.stderr


def test_sigint_and_sigterm_stop_cleanly_and_data_survives(tmp_path):
    first = Server(str(tmp_path))
    status, _, body = first.call("POST", "/user/auth/register",
                                 {"username": "ann", "password": "correct horse battery"})
    assert status == 200, body
    assert first.stop(signal.SIGINT) == 0
    log = open(first.log_path).read()
    assert "stopping" in log and "stopped" in log
    # The access log is one JSON object per line, without secrets or bodies.
    assert '"path":"/user/auth/register"' in log and "correct horse" not in log

    second = Server(str(tmp_path))
    status, _, body = second.call("POST", "/account/signin",
                                  {"identifier": "ann", "password": "correct horse battery"})
    assert status == 200, body
    assert second.stop(signal.SIGTERM) == 0
