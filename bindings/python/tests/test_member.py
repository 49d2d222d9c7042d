"""The Python bindings: the scenarios of the C tests, plus threads."""

import os
import subprocess
import sys
import threading

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import member  # noqa: E402

KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
PASSWORD = "correct horse battery"
SERVICE = member.Actor.service("orders")


@pytest.fixture
def system(tmp_path):
    with member.System(database=str(tmp_path / "member.db"), master_key=KEY,
                       fake_clock="2026-01-31T12:00:00Z",
                       password_hashing={"memory_kib": 64, "iterations": 1,
                                         "parallelism": 1}) as s:
        yield s


def register(system, username):
    return system.accounts.register(username=username, password=PASSWORD)["user_id"]


def test_version_matches_the_library():
    assert member.version() == "0.1.0"


def test_register_sign_in_earn_and_balance(system):
    user = system.accounts.register(email="ann@example.com", username="ann",
                                    password=PASSWORD)["user_id"]
    assert system.sign_in("ann", PASSWORD) == user
    assert system.accounts.sign_in(identifier="ann@example.com", password=PASSWORD)["user_id"] == user
    assert system.earn(SERVICE, user, 250, "ORD-1") == 250
    assert system.earn(SERVICE, user, 250, "ORD-1") == 250  # replay
    moved = system.points.earn(actor=SERVICE, user_id=user, amount=100, key="ORD-2")
    assert moved["available"] == 350
    assert moved["expires_at"] == "2028-01-31T12:00:00.000Z"
    assert system.balance(member.Actor.user(user), user) == (350, 0)
    profile = system.accounts.profile(actor=member.Actor.user(user), user_id=user)
    assert profile["email"] == "ann@example.com"


def test_errors_are_typed_and_name_the_path(system):
    user = register(system, "bob")
    with pytest.raises(member.ConflictError) as conflict:
        register(system, "BOB")
    assert conflict.value.field == "username"
    assert conflict.value.code == 3
    with pytest.raises(member.UnauthenticatedError) as wrong:
        system.sign_in("bob", "Wrong-Secret-77")
    assert "Wrong-Secret-77" not in str(wrong.value)
    with pytest.raises(member.InsufficientPointsError) as short:
        system.points.use(actor=member.Actor.user(user), user_id=user, amount=10, key="U1")
    assert short.value.shortage == 10
    with pytest.raises(member.PermissionDeniedError):
        system.earn(member.Actor.user(user), user, 10, "SELF")
    with pytest.raises(member.InvalidArgumentError) as bad:
        system.accounts.register_batch(
            actor=member.Actor.admin("ops"),
            users=[{"username": "c1"}, {"username": "c2"}, {"username": "c3"}, {"email": 7}])
    assert bad.value.field == "users[3].email"
    with pytest.raises(member.InvalidArgumentError) as unknown:
        system.points.earn(actor=SERVICE, user_id=user, amount=1, key="K", colour="red")
    assert unknown.value.field == "colour"
    with pytest.raises(member.InvalidArgumentError) as no_op:
        system.points.teleport()
    assert no_op.value.field == "op"
    with pytest.raises(member.InvalidArgumentError) as typed:
        system.points.earn(actor=SERVICE, user_id=user, amount="250", key="K")
    assert typed.value.field == "amount"
    assert isinstance(typed.value, member.MemberError)


def test_bad_options_and_bad_key(tmp_path):
    with pytest.raises(member.InvalidArgumentError) as bad:
        member.System(database=":memory:", lockout={"max_failures": "5"})
    assert bad.value.field == "lockout.max_failures"
    with pytest.raises(member.MemberError) as key:
        member.System(database=str(tmp_path / "k.db"), master_key="zz" + KEY[2:])
    assert "zz0102" not in str(key.value)


def test_fake_clock_drives_the_lockout(system):
    register(system, "lou")
    for _ in range(5):
        with pytest.raises(member.UnauthenticatedError):
            system.sign_in("lou", "wrong-password")
    with pytest.raises(member.LockedError) as locked:
        system.sign_in("lou", PASSWORD)
    assert locked.value.retry_at_ms == 1769860800000 + 15 * 60 * 1000
    system.clock.advance(actor=member.Actor.system(), seconds=900)
    assert system.sign_in("lou", PASSWORD)


def test_verify_token_typed_fast_path(system):
    user = register(system, "tia")
    signed = system.sessions.sign_in(identifier="tia", password=PASSWORD)
    token = signed["tokens"]["access_token"]
    claims = system.verify_token(token)
    assert isinstance(claims, member.TokenClaims)
    assert claims.subject == user
    assert claims.username == "tia"
    assert claims.role == "MEMBER"
    assert claims.tenant == "default"
    assert claims.session_id == signed["tokens"]["session_id"]
    assert claims.issued_at_ms == 1769860800000
    assert claims.expires_at_ms == 1769860800000 + 2 * 3600 * 1000
    # the same claims as the JSON operation
    by_name = system.sessions.verify(token=token)
    assert (by_name["subject"], by_name["token_id"], by_name["key_id"]) == (
        claims.subject, claims.token_id, claims.key_id)
    assert system.verify_token(token, check_session=True) == claims
    # tampered payload and signature
    head, payload, signature = token.split(".")

    def flip(part):  # one base64url character changed
        return part[:3] + ("B" if part[3] == "A" else "A") + part[4:]

    for bad in (".".join((head, flip(payload), signature)),
                ".".join((head, payload, flip(signature))), "", "x.y.z"):
        with pytest.raises(member.UnauthenticatedError) as refused:
            system.verify_token(bad)
        assert token not in str(refused.value)
    # expired, by the fake clock (2 h life, 30 s leeway)
    system.clock.advance(actor=member.Actor.system(), seconds=7229)
    assert system.verify_token(token).subject == user
    system.clock.advance(actor=member.Actor.system(), seconds=1)
    with pytest.raises(member.UnauthenticatedError):
        system.verify_token(token)


def test_verify_token_refuses_a_revoked_session(system):
    user = register(system, "rex")
    tokens = system.sessions.sign_in(identifier="rex", password=PASSWORD)["tokens"]
    assert system.verify_token(tokens["access_token"]).subject == user
    system.sessions.sign_out(actor=member.Actor.user(user), session_id=tokens["session_id"])
    with pytest.raises(member.UnauthenticatedError):
        system.verify_token(tokens["access_token"])


def test_every_operation_refuses_unknown_fields(system):
    names = [op["name"] for op in system.meta.operations()["operations"]]
    assert "points.earn" in names and "accounts.register" in names
    for name in names:
        with pytest.raises(member.InvalidArgumentError) as bad:
            system.call(name, {"no_such_field": 1})
        assert bad.value.field == "no_such_field"


def test_bind_a_customer_list_and_unbind(system):
    user = register(system, "ann")
    ann = member.Actor.user(user)
    core = member.Actor.service("policy-core")
    bound = system.bindings.bind_customer(actor=core, user_id=user, customer_id="CUST-000123",
                                          customer_name="Zhang San", certificate_type="ID_CARD")
    assert bound["customer_id"] == "CUST-000123"
    assert bound["bound_at"] == "2026-01-31T12:00:00.000Z"
    other = register(system, "bob")
    with pytest.raises(member.ConflictError) as taken:
        system.bindings.bind_customer(actor=core, user_id=other, customer_id="CUST-000123")
    assert taken.value.field == "customer_id"
    listed = system.bindings.customers(actor=ann, user_id=user)["customers"]
    assert [c["customer_name"] for c in listed] == ["Zhang San"]
    assert system.bindings.unbind_customer(actor=ann, user_id=user, customer_id="CUST-000123") == {}
    assert system.bindings.customers(actor=ann, user_id=user)["customers"] == []
    with pytest.raises(member.NotFoundError):
        system.bindings.unbind_customer(actor=ann, user_id=user, customer_id="CUST-000123")


def test_bind_an_identity_and_sign_in_with_it(system):
    user = system.accounts.register(email="ann@example.com", password=PASSWORD)["user_id"]
    wechat = {"provider": "wechat", "subject": "oUpF8uMuAJO", "union_id": "o6_bm"}
    assert system.identities.check(**wechat)["registered"] is False
    with pytest.raises(member.UnauthenticatedError):
        system.identities.sign_in(**wechat)
    with pytest.raises(member.UnauthenticatedError):
        system.identities.bind(identifier="ann@example.com", password="wrong password", **wechat)
    bound = system.identities.bind(identifier="ann@example.com", password=PASSWORD,
                                   nickname="Ann", **wechat)
    assert bound["user_id"] == user and bound["nickname"] == "Ann"
    assert system.identities.sign_in(**wechat)["user_id"] == user
    # The same person in another app of the developer: found by the union id.
    assert system.identities.sign_in(provider="wechat", subject="other-app-openid",
                                     union_id="o6_bm")["user_id"] == user
    names = [i["provider"] for i in system.identities.list(actor=member.Actor.user(user),
                                                           user_id=user)["identities"]]
    assert names == ["wechat"]


def test_add_an_address(system):
    user = register(system, "ann")
    ann = member.Actor.user(user)
    home = system.addresses.add(actor=ann, user_id=user, contact_name="Li Si",
                                contact_phone="+86 138-0013-8000", province="Zhejiang",
                                city="Hangzhou", address="1 West Lake Road", longitude=120.15,
                                latitude=30.28)
    assert home["is_default"] is True and home["latitude"] == 30.28
    assert system.addresses.get(actor=ann, user_id=user,
                                address_id=home["address_id"])["city"] == "Hangzhou"
    with pytest.raises(member.InvalidArgumentError) as bad:
        system.addresses.add(actor=ann, user_id=user, contact_name="Li Si",
                             contact_phone="call 555-SECRET", province="Zhejiang",
                             city="Hangzhou", address="2 West Lake Road")
    assert bad.value.field == "contact_phone"
    assert "SECRET" not in bad.value.message
    with pytest.raises(member.InvalidArgumentError) as bad:
        system.addresses.add(actor=ann, user_id=user, longitude="east")
    assert bad.value.field == "longitude"
    assert len(system.addresses.list(actor=ann, user_id=user)["addresses"]) == 1


def test_close_is_idempotent_and_calls_after_close_fail(tmp_path):
    s = member.System(database=str(tmp_path / "c.db"), master_key=KEY)
    s.close()
    s.close()
    with pytest.raises(member.FailedPreconditionError):
        s.clock.now()
    # never closed: the finalizer closes it (here or at interpreter exit)
    member.System(database=str(tmp_path / "d.db"), master_key=KEY)


def test_close_waits_for_the_calls_in_flight(tmp_path):
    s = member.System(database=str(tmp_path / "m.db"), master_key=KEY)
    entered, release = threading.Event(), threading.Event()

    def call_in_flight():  # holds the handle as a C call does while it runs
        with s._handle.use():
            entered.set()
            release.wait(30)

    caller = threading.Thread(target=call_in_flight)
    caller.start()
    assert entered.wait(30)
    closer = threading.Thread(target=s.close)
    closer.start()
    closer.join(0.5)
    assert closer.is_alive()  # close() waits; the handle is still open
    with pytest.raises(member.FailedPreconditionError):
        s.accounts.register(username="late", password=PASSWORD)  # no new calls meanwhile
    release.set()
    caller.join(30)
    closer.join(30)
    assert not closer.is_alive()
    with pytest.raises(member.FailedPreconditionError):
        s.earn(SERVICE, "u", 1, "k")


def test_typed_earn_refuses_an_amount_beyond_64_bits(system):
    user = register(system, "ann")
    with pytest.raises(member.InvalidArgumentError) as e:
        system.earn(SERVICE, user, 2 ** 64 + 100, "ORD-big")
    assert e.value.field == "amount"
    assert system.balance(SERVICE, user) == (0, 0)


def test_threads_earn_concurrently(system):
    users = [register(system, "tim%d" % i) for i in range(4)]
    errors = []

    def worker(n):
        try:
            for i in range(25):
                system.earn(SERVICE, users[n % 4], 1, "T%d-%d" % (n, i))
                system.points.summary(actor=SERVICE, user_id=users[(n + 1) % 4])
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for user in users:
        assert system.balance(SERVICE, user) == (50, 0)


def test_unclosed_systems_are_closed_safely_at_interpreter_exit(tmp_path):
    package = os.path.join(os.path.dirname(__file__), "..")
    script = (
        "import sys; sys.path.insert(0, %r)\n"
        "import member\n"
        "s = member.System(database=%r, master_key=%r)\n"
        "s.accounts.register(username='exit_user', password='correct horse battery',"
        " actor=None)\n"
        "cycle = [s]; cycle.append(cycle)\n"
        "print('exiting')\n" % (package, str(tmp_path / "exit.db"), KEY))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=os.environ, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "exiting"
    # the database was closed cleanly: it opens again and holds the user
    with member.System(database=str(tmp_path / "exit.db"), master_key=KEY) as again:
        assert again.sign_in("exit_user", "correct horse battery")


def test_a_signed_order_event_earns_points_and_the_profile_shows_the_level(system):
    user = register(system, "ann")
    admin = member.Actor.admin("ops")
    secret = "whsec-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"
    system.loyalty.set_webhook_secret(actor=admin, secret=secret)
    event = {"event_type": "ORDER_COMPLETED", "user_id": user, "order_id": "ORD-1",
             "amount": 100000, "payment_time": "2026-01-31T11:59:00Z",
             "timestamp": "2026-01-31T12:00:00Z"}
    with pytest.raises(member.UnauthenticatedError) as forged:
        system.loyalty.apply_order_event(actor=SERVICE, signature="0" * 64, **event)
    assert forged.value.field == "signature"
    signature = system.loyalty.sign_order_event(secret=secret, event=event)["signature"]
    outcome = system.loyalty.apply_order_event(actor=SERVICE, signature=signature, **event)
    assert outcome["points"] == 1000
    assert outcome["level_changed"] is True
    profile = system.loyalty.profile(actor=member.Actor.user(user), user_id=user)
    assert profile["level"]["code"] == outcome["current_level"] == "BRONZE"
    assert profile["total_spent"] == 100000
    assert profile["points"]["available"] == 1000
    assert profile["next_level"]["code"] == "SILVER"


def test_messages_to_a_user_and_the_tenant_with_read_marks(system):
    user = register(system, "ann")
    ann = member.Actor.user(user)
    admin = member.Actor.admin("ops")
    direct = system.messages.send(actor=admin, audience="user", target=user, title="Hi Ann",
                                  body="Your card is ready.")
    system.messages.send(actor=admin, audience="tenant", category="notification",
                         title="Maintenance", body="Offline at 01:00.")
    listed = system.messages.list(actor=ann, user_id=user)
    assert [m["title"] for m in listed["messages"]] == ["Maintenance", "Hi Ann"]
    assert listed["unread"] == 2
    system.messages.read(actor=ann, user_id=user, message_id=direct["message_id"])
    assert system.messages.unread_count(actor=ann, user_id=user)["unread"] == 1
    assert system.messages.read_all(actor=ann, user_id=user)["marked"] == 1
    with pytest.raises(member.PermissionDeniedError):
        system.messages.send(actor=ann, audience="tenant", title="x", body="y")
    with pytest.raises(member.InvalidArgumentError) as bad:
        system.messages.send(actor=admin, audience="everyone", title="x", body="y")
    assert bad.value.field == "audience"


def test_export_and_erase_a_user(system):
    user = system.accounts.register(username="ann", email="ann@example.com",
                                    password=PASSWORD)["user_id"]
    ann = member.Actor.user(user)
    system.addresses.add(actor=ann, user_id=user, contact_name="Li Si",
                         contact_phone="+86 138-0013-8000", province="Zhejiang",
                         city="Hangzhou", address="1 West Lake Road")
    exported = system.privacy.export(actor=ann, user_id=user)
    assert exported["account"]["profile"]["email"] == "ann@example.com"
    assert exported["addresses"][0]["city"] == "Hangzhou"
    with pytest.raises(member.UnauthenticatedError):
        system.privacy.erase(actor=ann, user_id=user, password="Wrong-Secret-77")
    report = system.privacy.erase(actor=ann, user_id=user, password=PASSWORD)
    assert {"table": "addresses", "rows": 1} in report["tables"]
    with pytest.raises(member.NotFoundError):
        system.privacy.export(actor=member.Actor.admin("ops"), user_id=user)
    with pytest.raises(member.UnauthenticatedError):
        system.sign_in("ann", PASSWORD)


def outbox_code(system, destination):
    """The newest outbox code sent to the destination."""
    box = system.codes.outbox(actor=member.Actor.admin("ops"), limit=100)["messages"]
    codes = [m["code"] for m in box if m["destination"] == destination]
    assert codes, "no code in the outbox"
    return codes[-1]


def test_a_code_sign_in_and_the_resend_wait(system):
    user = system.accounts.register(email="ann@example.com", password=PASSWORD)["user_id"]
    sent = system.codes.send(purpose="sign_in", channel="email", destination="ann@example.com")
    assert sent["resend_at"] == "2026-01-31T12:01:00.000Z"
    with pytest.raises(member.ResourceExhaustedError) as early:
        system.codes.send(purpose="sign_in", channel="email", destination="ann@example.com")
    assert early.value.retry_at_ms > 0
    # An unknown address answers the same and gets nothing.
    assert system.codes.send(purpose="sign_in", channel="email",
                             destination="nobody@example.com") == sent
    code = outbox_code(system, "ann@example.com")
    signed_in = system.codes.sign_in(channel="email", destination="ann@example.com", code=code,
                                     device_id="d-1")
    assert signed_in["account"]["user_id"] == user
    with pytest.raises(member.UnauthenticatedError):
        system.codes.sign_in(channel="email", destination="ann@example.com", code=code)
    with pytest.raises(member.InvalidArgumentError) as bad:
        system.codes.sign_in(channel="email", destination="ann@example.com", code="12345")
    assert bad.value.field == "code"


def test_tenants_roles_and_permissions(system):
    user = register(system, "ann")
    root = member.Actor.super_admin("root")
    admin = member.Actor.admin("ops")
    assert system.tenants.create(actor=root, id="shop-eu", name="Shop Europe")["status"] == "active"
    with pytest.raises(member.PermissionDeniedError):
        system.tenants.create(actor=admin, id="x", name="X")
    assert [t["id"] for t in system.tenants.list(actor=root, name_contains="EUROPE")["tenants"]] \
        == ["shop-eu"]
    system.roles.create(actor=admin, name="support")
    system.roles.grant(actor=admin, grants=[{"role": "support",
                                             "permission": "accounts.set_status"}])
    system.roles.assign(actor=admin, assignments=[{"user_id": user, "role": "support"}])
    ann = member.Actor.user(user)
    assert system.roles.check(actor=ann, permission="accounts.set_status")["allowed"] is True
    assert system.roles.user_roles(actor=ann, user_id=user)["roles"] == ["member", "support"]
    with pytest.raises(member.NotFoundError) as missing:
        system.roles.assign(actor=admin, assignments=[{"user_id": user, "role": "ghost"}])
    assert missing.value.field == "assignments[0].role"
    # A user of a disabled tenant is refused.
    system.tenants.update(actor=root, id="shop-eu", status="disabled")
    with pytest.raises(member.FailedPreconditionError) as disabled:
        system.accounts.register(actor=member.Actor.anonymous("shop-eu"), username="bob",
                                 password="correct horse battery")
    assert disabled.value.field == "tenant"


def test_tenant_users_role_batch_and_statistics(system):
    ann = register(system, "ann")
    register(system, "bob")
    admin = member.Actor.admin("ops")
    page = system.tenants.users(actor=admin, limit=1, offset=1)
    assert page["total"] == 2 and len(page["users"]) == 1
    assert page["users"][0]["home_tenant"] == "default"
    with pytest.raises(member.PermissionDeniedError):
        system.tenants.users(actor=member.Actor.user(ann))
    created = system.roles.create_batch(actor=admin, roles=[{"name": "support"},
                                                            {"name": "auditor"}])
    assert [r["name"] for r in created["roles"]] == ["support", "auditor"]
    with pytest.raises(member.ConflictError) as taken:
        system.roles.create_batch(actor=admin, roles=[{"name": "sales"}, {"name": "auditor"}])
    assert taken.value.field == "roles[1].name"
    assert "sales" not in [r["name"] for r in system.roles.list(actor=admin)["roles"]]
    stats = system.loyalty.statistics(actor=admin, group_by=["level"], metrics=["revenue"])
    assert stats["overview"] == {}
    assert stats["level_distribution"][0]["avg_spent"] == 0
    assert "count" not in stats["level_distribution"][0]
    with pytest.raises(member.InvalidArgumentError) as unknown:
        system.loyalty.statistics(actor=admin, metrics=["profit"])
    assert unknown.value.field == "metrics[0]"
    changed = system.loyalty.set_level(actor=admin, user_id=ann, level_id=3, reason="VIP")
    assert changed["new_level"] == "SILVER"
