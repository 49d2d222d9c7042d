"""Python bindings of the member library over its C ABI (capi/member.h).

Standard library only (ctypes). The shared library is found through the
MEMBER_C_LIBRARY environment variable (a path to libmember_c.so), else in the
source tree's build directories.

    with member.System(database="var/member.db") as sys:
        user = sys.accounts.register(email="ann@example.com", password="...")["user_id"]
        sys.points.earn(actor=member.Actor.service("orders"), user_id=user,
                        amount=250, key="ORD123")

Every operation of docs/c-api.md is a method: ``sys.<module>.<verb>(actor=...,
**request)`` returns the response as a dict. Failures raise a MemberError
subclass per status code (ConflictError, ...). A System may be shared by
threads; close() waits for the calls other threads have in flight.
"""

import collections
import contextlib
import ctypes
import glob
import json
import os
import struct
import threading
import weakref

__all__ = ["System", "Actor", "TokenClaims", "MemberError", "library_path"]

# --- errors ----------------------------------------------------------------


class MemberError(Exception):
    """A failed call: ``code`` (the Errc number), ``name``, ``field`` (the
    request field or JSON path at fault), ``retry_at_ms`` (locked accounts)
    and ``shortage`` (refused spends)."""

    code = 13
    name = "internal"

    def __init__(self, message, field="", retry_at_ms=0, shortage=0):
        super().__init__(message)
        self.message = message
        self.field = field
        self.retry_at_ms = retry_at_ms
        self.shortage = shortage


_ERRORS = {}
for _code, _name in enumerate([
        "ok", "invalid_argument", "not_found", "conflict", "unauthenticated", "locked",
        "permission_denied", "failed_precondition", "resource_exhausted", "storage",
        "schema_too_new", "key_error", "busy", "internal", "insufficient_points",
        "insufficient_funds"]):
    if _code == 0:
        continue
    _class_name = "".join(part.capitalize() for part in _name.split("_")) + "Error"
    if _class_name == "KeyErrorError":
        _class_name = "KeyError"  # member.KeyError: a bad master key (not the builtin)
    _cls = type(_class_name, (MemberError,), {"code": _code, "name": _name})
    globals()[_class_name] = _cls
    __all__.append(_class_name)
    _ERRORS[_code] = _cls

# --- the library -------------------------------------------------------------


def library_path():
    """Where libmember_c is: $MEMBER_C_LIBRARY, else the newest build of the
    source tree this package lives in."""
    env = os.environ.get("MEMBER_C_LIBRARY")
    if env:
        return env
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    found = glob.glob(os.path.join(root, "build*", "capi", "libmember_c.so")) + glob.glob(
        os.path.join(root, "build*", "*", "capi", "libmember_c.so"))
    if not found:
        raise OSError("libmember_c.so not found: build the member::c target or set MEMBER_C_LIBRARY")
    return max(found, key=os.path.getmtime)


_CLAIM_STRINGS = ("subject", "username", "role", "level", "tenant", "session_id", "token_id",
                  "key_id")

TokenClaims = collections.namedtuple("TokenClaims", _CLAIM_STRINGS + ("issued_at_ms",
                                                                      "expires_at_ms"))
TokenClaims.__doc__ = """The claims of a verified access token (System.verify_token): the
strings of member_token_claims, and its times in milliseconds since the Unix epoch."""


# member_token_claims: a (pointer, size_t length) pair per string, then the
# two int64 times, in the platform's native layout.
_CLAIMS_LAYOUT = struct.Struct("@" + "PN" * len(_CLAIM_STRINGS) + "qq")


class _Lib:
    def __init__(self, path):
        lib = ctypes.CDLL(path)
        err_pp = ctypes.POINTER(ctypes.c_void_p)
        i64 = ctypes.c_int64
        i64_p = ctypes.POINTER(i64)
        sigs = {
            "member_version": (ctypes.c_char_p, []),
            "member_system_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t,
                                                  ctypes.POINTER(ctypes.c_void_p), err_pp]),
            "member_system_close": (None, [ctypes.c_void_p]),
            "member_call": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                           ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p),
                                           err_pp]),
            "member_sign_in": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                              ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
                                              ctypes.POINTER(ctypes.c_void_p), err_pp]),
            "member_points_earn": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p,
                                                  ctypes.c_char_p, ctypes.c_char_p, i64,
                                                  ctypes.c_char_p, i64_p, err_pp]),
            "member_points_balance": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int,
                                                     ctypes.c_char_p, ctypes.c_char_p,
                                                     ctypes.c_char_p, i64_p, i64_p, err_pp]),
            "member_token_verify": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p,
                                                   ctypes.c_size_t, ctypes.c_int,
                                                   ctypes.POINTER(ctypes.c_void_p), err_pp]),
            "member_token_claims_free": (None, [ctypes.c_void_p]),
            "member_free": (None, [ctypes.c_void_p]),
            "member_error_free": (None, [ctypes.c_void_p]),
            "member_error_code": (ctypes.c_int, [ctypes.c_void_p]),
            "member_error_message": (ctypes.c_char_p, [ctypes.c_void_p]),
            "member_error_field": (ctypes.c_char_p, [ctypes.c_void_p]),
            "member_error_retry_at_ms": (i64, [ctypes.c_void_p]),
            "member_error_shortage": (i64, [ctypes.c_void_p]),
            "member_status_name": (ctypes.c_char_p, [ctypes.c_int]),
        }
        for name, (restype, argtypes) in sigs.items():
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes
        self.lib = lib

    def check(self, status, err):
        """Raises the MemberError for a failed status, freeing the C error."""
        if status == 0:
            return
        lib = self.lib
        if err.value:
            message = lib.member_error_message(err).decode("utf-8", "replace")
            field = lib.member_error_field(err).decode("utf-8", "replace")
            retry = lib.member_error_retry_at_ms(err)
            shortage = lib.member_error_shortage(err)
            lib.member_error_free(err)
        else:
            message, field, retry, shortage = lib.member_status_name(status).decode(), "", 0, 0
        raise _ERRORS.get(status, MemberError)(message, field, retry, shortage)

    def take_string(self, pointer):
        try:
            return ctypes.string_at(pointer.value).decode("utf-8")
        finally:
            self.lib.member_free(pointer)


_lib = None


def _library():
    global _lib
    if _lib is None:
        _lib = _Lib(library_path())
    return _lib


def version():
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return _library().lib.member_version().decode()


# --- actors and the system ---------------------------------------------------

_KINDS = {"anonymous": 0, "user": 1, "admin": 2, "service": 3, "system": 4, "super_admin": 5}


class Actor:
    """Who acts (member::Actor): kind, id and tenant."""

    def __init__(self, kind="anonymous", id="", tenant="default"):
        if kind not in _KINDS:
            raise ValueError("unknown actor kind")
        self.kind, self.id, self.tenant = kind, id, tenant

    @classmethod
    def anonymous(cls, tenant="default"):
        return cls("anonymous", "", tenant)

    @classmethod
    def user(cls, user_id, tenant="default"):
        return cls("user", user_id, tenant)

    @classmethod
    def admin(cls, operator_id, tenant="default"):
        return cls("admin", operator_id, tenant)

    @classmethod
    def service(cls, name, tenant="default"):
        return cls("service", name, tenant)

    @classmethod
    def system(cls, tenant="default"):
        return cls("system", "", tenant)

    @classmethod
    def super_admin(cls, operator_id, tenant="default"):
        """Staff across tenants: every tenant's permissions and tenant management."""
        return cls("super_admin", operator_id, tenant)

    def as_json(self):
        return {"kind": self.kind, "id": self.id, "tenant": self.tenant}


_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


class _Handle:
    """An open system handle shared by threads. Each C call holds it in use
    (``with handle.use() as h``); close() refuses new calls, waits for those in
    flight and only then closes it: capi/member.h forbids closing a system
    while a call runs, and ctypes lets other threads run during a call."""

    def __init__(self):
        self.pointer = ctypes.c_void_p()
        self._changed = threading.Condition()
        self._calls = 0
        self._closed = False

    @contextlib.contextmanager
    def use(self):
        with self._changed:
            if self._closed or not self.pointer.value:
                raise FailedPreconditionError("the system is closed")  # noqa: F821
            self._calls += 1
        try:
            yield self.pointer
        finally:
            with self._changed:
                self._calls -= 1
                self._changed.notify_all()

    def close(self, lib):
        with self._changed:
            if self._closed:
                return
            self._closed = True
            self._changed.wait_for(lambda: self._calls == 0)
        if self.pointer.value:
            lib.lib.member_system_close(self.pointer)
            self.pointer.value = None


class _Module:
    """``sys.<module>``: each attribute is the operation "<module>.<name>"."""

    def __init__(self, system, name):
        self._system = system
        self._name = name

    def __getattr__(self, verb):
        if verb.startswith("_"):
            raise AttributeError(verb)
        op = self._name + "." + verb

        def operation(actor=None, **request):
            return self._system.call(op, request, actor)

        operation.__name__ = verb
        return operation


class System:
    """An open member system (member_system_open). Options are the JSON
    options of docs/c-api.md as keyword arguments. Close it with close() or a
    with-block; a finalizer closes it otherwise, also at interpreter exit."""

    def __init__(self, **options):
        self._lib = _library()
        self._handle = _Handle()
        err = ctypes.c_void_p()
        text = json.dumps(options).encode()
        self._lib.check(self._lib.lib.member_system_open(
            text, len(text), ctypes.byref(self._handle.pointer), ctypes.byref(err)), err)
        self._finalizer = weakref.finalize(self, self._handle.close, self._lib)

    def close(self):
        """Closes the system once the calls in flight on other threads are
        done; later calls raise FailedPreconditionError. Idempotent."""
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def call(self, op, request=None, actor=None):
        """Runs a named operation with a request dict; returns the response dict."""
        body = dict(request or {})
        if actor is not None:
            body["actor"] = actor.as_json() if isinstance(actor, Actor) else actor
        text = json.dumps(body).encode()
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        with self._handle.use() as handle:
            status = self._lib.lib.member_call(handle, op.encode(), text, len(text),
                                               ctypes.byref(out), ctypes.byref(err))
        self._lib.check(status, err)
        return json.loads(self._lib.take_string(out))

    def __getattr__(self, module):
        if module.startswith("_"):
            raise AttributeError(module)
        return _Module(self, module)

    # typed fast paths

    def sign_in(self, identifier, password, tenant="default"):
        """accounts.sign_in without JSON; returns the user id."""
        ident = identifier.encode()
        pw = password.encode()
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        with self._handle.use() as handle:
            status = self._lib.lib.member_sign_in(handle, tenant.encode(), ident, len(ident), pw,
                                                  len(pw), ctypes.byref(out), ctypes.byref(err))
        self._lib.check(status, err)
        return self._lib.take_string(out)

    def earn(self, actor, user_id, amount, key):
        """points.earn without JSON; returns the available balance after."""
        # ctypes would keep the low 64 bits of a larger int: refuse it, as
        # the JSON path does.
        if not isinstance(amount, int) or not _INT64_MIN <= amount <= _INT64_MAX:
            raise InvalidArgumentError("amount: out of range", "amount")  # noqa: F821
        available = ctypes.c_int64()
        err = ctypes.c_void_p()
        with self._handle.use() as handle:
            status = self._lib.lib.member_points_earn(
                handle, _KINDS[actor.kind], actor.id.encode(), actor.tenant.encode(),
                user_id.encode(), amount, key.encode(), ctypes.byref(available), ctypes.byref(err))
        self._lib.check(status, err)
        return available.value

    def balance(self, actor, user_id):
        """(available, frozen) points of a user, without JSON."""
        available = ctypes.c_int64()
        frozen = ctypes.c_int64()
        err = ctypes.c_void_p()
        with self._handle.use() as handle:
            status = self._lib.lib.member_points_balance(
                handle, _KINDS[actor.kind], actor.id.encode(), actor.tenant.encode(),
                user_id.encode(), ctypes.byref(available), ctypes.byref(frozen), ctypes.byref(err))
        self._lib.check(status, err)
        return available.value, frozen.value

    def verify_token(self, token, check_session=False):
        """sessions.verify without JSON (member_token_verify): returns the
        TokenClaims of a valid access token; raises UnauthenticatedError
        naming the reason otherwise. check_session also reads the session
        from the database."""
        text = token.encode() if isinstance(token, str) else bytes(token)
        claims = ctypes.c_void_p()
        err = ctypes.c_void_p()
        lib = self._lib.lib
        with self._handle.use() as handle:
            status = lib.member_token_verify(handle, text, len(text), 1 if check_session else 0,
                                             ctypes.byref(claims), ctypes.byref(err))
        if status:
            self._lib.check(status, err)
        try:
            at = ctypes.string_at
            f = _CLAIMS_LAYOUT.unpack(at(claims.value, _CLAIMS_LAYOUT.size))
            return TokenClaims(at(f[0], f[1]).decode(), at(f[2], f[3]).decode(),
                               at(f[4], f[5]).decode(), at(f[6], f[7]).decode(),
                               at(f[8], f[9]).decode(), at(f[10], f[11]).decode(),
                               at(f[12], f[13]).decode(), at(f[14], f[15]).decode(), f[16], f[17])
        finally:
            lib.member_token_claims_free(claims)
