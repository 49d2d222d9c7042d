package member

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const (
	testKey  = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	password = "correct horse battery"
)

func open(t *testing.T) *System {
	t.Helper()
	sys, err := Open(map[string]any{
		"database":         filepath.Join(t.TempDir(), "member.db"),
		"master_key":       testKey,
		"fake_clock":       "2026-01-31T12:00:00Z",
		"password_hashing": map[string]any{"memory_kib": 64, "iterations": 1, "parallelism": 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	return sys
}

func register(t *testing.T, sys *System, username string) string {
	t.Helper()
	id, err := sys.Register(Anonymous(), map[string]any{"username": username, "password": password})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *member.Error, got %v", err)
	}
	return e
}

func TestVersion(t *testing.T) {
	if Version() != "0.1.0" {
		t.Fatalf("version %q", Version())
	}
}

func TestRegisterSignInEarnBalance(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	if got, err := sys.SignIn("default", "ann", password); err != nil || got != user {
		t.Fatalf("sign in: %v %v", got, err)
	}
	orders := Service("orders")
	for i := 0; i < 2; i++ { // the second is a replay
		if available, err := sys.Earn(orders, user, 250, "ORD-1"); err != nil || available != 250 {
			t.Fatalf("earn: %v %v", available, err)
		}
	}
	r, err := sys.Call("points.earn", orders, map[string]any{"user_id": user, "amount": 100, "key": "ORD-2"})
	if err != nil || r["available"].(float64) != 350 || r["expires_at"] != "2028-01-31T12:00:00.000Z" {
		t.Fatalf("points.earn: %v %v", r, err)
	}
	if a, f, err := sys.Balance(User(user), user); err != nil || a != 350 || f != 0 {
		t.Fatalf("balance: %v %v %v", a, f, err)
	}
}

func TestErrors(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "bob")
	_, err := sys.Register(Anonymous(), map[string]any{"username": "BOB", "password": password})
	if !errors.Is(err, ErrConflict) || asError(t, err).Field != "username" {
		t.Fatalf("duplicate: %v", err)
	}
	_, err = sys.SignIn("default", "bob", "Wrong-Secret-77")
	if !errors.Is(err, ErrUnauthenticated) || strings.Contains(err.Error(), "Wrong-Secret-77") {
		t.Fatalf("wrong password: %v", err)
	}
	if errors.Is(err, ErrConflict) {
		t.Fatal("errors.Is matched another code")
	}
	_, err = sys.Call("points.use", User(user), map[string]any{"user_id": user, "amount": 10, "key": "U1"})
	if !errors.Is(err, ErrInsufficientPoints) || asError(t, err).Shortage != 10 {
		t.Fatalf("use: %v", err)
	}
	_, err = sys.Earn(User(user), user, 10, "SELF")
	if !errors.Is(err, ErrPermissionDenied) {
		t.Fatalf("self earn: %v", err)
	}
	users := []any{map[string]any{"username": "c1"}, map[string]any{"username": "c2"},
		map[string]any{"username": "c3"}, map[string]any{"email": 7}}
	_, err = sys.Call("accounts.register_batch", Admin("ops"), map[string]any{"users": users})
	if !errors.Is(err, ErrInvalidArgument) || asError(t, err).Field != "users[3].email" {
		t.Fatalf("batch: %v", err)
	}
	_, err = sys.Call("accounts.profile", Actor{Kind: 42}, map[string]any{"user_id": user})
	if !errors.Is(err, ErrInvalidArgument) || asError(t, err).Field != "actor.kind" {
		t.Fatalf("unknown actor kind: %v", err)
	}
	_, err = sys.Call("points.teleport", Anonymous(), nil)
	if !errors.Is(err, ErrInvalidArgument) || asError(t, err).Field != "op" {
		t.Fatalf("unknown op: %v", err)
	}
	var out map[string]any
	err = sys.CallJSON("points.earn", []byte(`{"amount": `), &out)
	if !errors.Is(err, ErrInvalidArgument) || asError(t, err).Field != "request" {
		t.Fatalf("malformed: %v", err)
	}
	_, err = Open(map[string]any{"database": ":memory:", "lockout": map[string]any{"max_failures": "5"}})
	if !errors.Is(err, ErrInvalidArgument) || asError(t, err).Field != "lockout.max_failures" {
		t.Fatalf("options: %v", err)
	}
}

func TestEveryOperationRefusesUnknownFields(t *testing.T) {
	sys := open(t)
	var list struct {
		Operations []struct{ Name string }
	}
	if err := sys.CallJSON("meta.operations", []byte(`{}`), &list); err != nil || len(list.Operations) < 30 {
		t.Fatalf("meta.operations: %v %v", list, err)
	}
	for _, op := range list.Operations {
		_, err := sys.Call(op.Name, Anonymous(), map[string]any{"no_such_field": 1})
		if !errors.Is(err, ErrInvalidArgument) || asError(t, err).Field != "no_such_field" {
			t.Fatalf("%s: %v", op.Name, err)
		}
	}
}

func TestFakeClockDrivesLockout(t *testing.T) {
	sys := open(t)
	register(t, sys, "lou")
	for i := 0; i < 5; i++ {
		if _, err := sys.SignIn("default", "lou", "wrong-password"); !errors.Is(err, ErrUnauthenticated) {
			t.Fatal(err)
		}
	}
	_, err := sys.SignIn("default", "lou", password)
	if !errors.Is(err, ErrLocked) || asError(t, err).RetryAtMs != 1769860800000+15*60*1000 {
		t.Fatalf("locked: %v", err)
	}
	if _, err := sys.Call("clock.advance", SystemActor(), map[string]any{"seconds": 900}); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.SignIn("default", "lou", password); err != nil {
		t.Fatal(err)
	}
}

func signInTokens(t *testing.T, sys *System, username string) map[string]any {
	t.Helper()
	r, err := sys.Call("sessions.sign_in", Anonymous(), map[string]any{"identifier": username, "password": password})
	if err != nil {
		t.Fatal(err)
	}
	return r["tokens"].(map[string]any)
}

func TestVerifyToken(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "tia")
	tokens := signInTokens(t, sys, "tia")
	token := tokens["access_token"].(string)
	for _, check := range []bool{false, true} {
		c, err := sys.VerifyToken(token, check)
		if err != nil {
			t.Fatal(err)
		}
		if c.Subject != user || c.Username != "tia" || c.Role != "MEMBER" || c.Tenant != "default" ||
			c.SessionID != tokens["session_id"] || c.TokenID == "" || c.KeyID == "" ||
			c.IssuedAtMs != 1769860800000 || c.ExpiresAtMs != 1769860800000+2*3600*1000 {
			t.Fatalf("claims: %+v", c)
		}
	}
	// tampered payload and signature, and no token at all
	parts := strings.Split(token, ".")
	flip := func(part string) string {
		if part[3] == 'A' {
			return part[:3] + "B" + part[4:]
		}
		return part[:3] + "A" + part[4:]
	}
	for _, bad := range []string{
		parts[0] + "." + flip(parts[1]) + "." + parts[2],
		parts[0] + "." + parts[1] + "." + flip(parts[2]),
		"", "x.y.z",
	} {
		_, err := sys.VerifyToken(bad, false)
		if !errors.Is(err, ErrUnauthenticated) || strings.Contains(err.Error(), parts[1]) {
			t.Fatalf("tampered: %v", err)
		}
	}
	// expired by the fake clock: 2 h of life and 30 s of leeway
	if _, err := sys.Call("clock.advance", SystemActor(), map[string]any{"seconds": 7229}); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.VerifyToken(token, false); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.Call("clock.advance", SystemActor(), map[string]any{"seconds": 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.VerifyToken(token, false); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("expired: %v", err)
	}
	// revoked
	fresh := signInTokens(t, sys, "tia")
	if _, err := sys.Call("sessions.sign_out", User(user), map[string]any{"session_id": fresh["session_id"]}); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.VerifyToken(fresh["access_token"].(string), false); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("revoked: %v", err)
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	sys := open(t)
	sys.Close()
	sys.Close()
	if _, err := sys.SignIn("default", "x", "y"); !errors.Is(err, ErrFailedPrecondition) {
		t.Fatalf("after close: %v", err)
	}
}

func TestGoroutinesEarnConcurrently(t *testing.T) {
	sys := open(t)
	users := make([]string, 4)
	for i := range users {
		users[i] = register(t, sys, fmt.Sprintf("gopher%d", i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				if _, err := sys.Earn(Service("orders"), users[g%4], 1, fmt.Sprintf("G%d-%d", g, i)); err != nil {
					errs <- err
					return
				}
				if _, _, err := sys.Balance(Service("orders"), users[(g+1)%4]); err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, user := range users {
		if a, _, err := sys.Balance(Service("orders"), user); err != nil || a != 50 {
			t.Fatalf("balance %v %v", a, err)
		}
	}
}

func TestBindCustomerListUnbind(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	core := Service("policy-core")
	b := sys.Bindings()
	bound, err := b.BindCustomer(core, map[string]any{"user_id": user, "customer_id": "CUST-000123", "customer_name": "Zhang San"})
	if err != nil || bound["customer_id"] != "CUST-000123" {
		t.Fatalf("bind: %v %v", bound, err)
	}
	_, err = b.BindCustomer(core, map[string]any{"user_id": register(t, sys, "bob"), "customer_id": "CUST-000123"})
	if !errors.Is(err, ErrConflict) || asError(t, err).Field != "customer_id" {
		t.Fatalf("bind to another user: %v", err)
	}
	listed, err := b.Customers(User(user), map[string]any{"user_id": user})
	if err != nil || len(listed["customers"].([]any)) != 1 {
		t.Fatalf("customers: %v %v", listed, err)
	}
	if _, err := b.UnbindCustomer(User(user), map[string]any{"user_id": user, "customer_id": "CUST-000123"}); err != nil {
		t.Fatal(err)
	}
	listed, err = b.Customers(User(user), map[string]any{"user_id": user})
	if err != nil || len(listed["customers"].([]any)) != 0 {
		t.Fatalf("customers after unbind: %v %v", listed, err)
	}
	if _, err := b.UnbindCustomer(User(user), map[string]any{"user_id": user, "customer_id": "CUST-000123"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unbind twice: %v", err)
	}
}

func TestBindIdentityAndSignIn(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	ids := sys.Identities()
	wechat := func(extra map[string]any) map[string]any {
		r := map[string]any{"provider": "wechat", "subject": "oUpF8uMuAJO", "union_id": "o6_bm"}
		for k, v := range extra {
			r[k] = v
		}
		return r
	}
	if _, err := ids.SignIn(Anonymous(), wechat(nil)); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("sign in before bind: %v", err)
	}
	if _, err := ids.Bind(Anonymous(), wechat(map[string]any{"identifier": "ann", "password": "wrong password"})); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("bind with a wrong password: %v", err)
	}
	bound, err := ids.Bind(Anonymous(), wechat(map[string]any{"identifier": "ann", "password": password}))
	if err != nil || bound["user_id"] != user {
		t.Fatalf("bind: %v %v", bound, err)
	}
	in, err := ids.SignIn(Anonymous(), wechat(nil))
	if err != nil || in["user_id"] != user {
		t.Fatalf("sign in: %v %v", in, err)
	}
	status, err := ids.Check(User(user), wechat(nil))
	if err != nil || status["registered"] != true || status["user_id"] != user {
		t.Fatalf("check: %v %v", status, err)
	}
}

func TestAddAddress(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	a := sys.Addresses()
	home, err := a.Add(User(user), map[string]any{"user_id": user, "contact_name": "Li Si", "contact_phone": "+86 138-0013-8000",
		"province": "Zhejiang", "city": "Hangzhou", "address": "1 West Lake Road", "longitude": 120.15})
	if err != nil || home["is_default"] != true || home["longitude"] != 120.15 || home["latitude"] != nil {
		t.Fatalf("add: %v %v", home, err)
	}
	_, err = a.Add(User(user), map[string]any{"user_id": user, "contact_name": "Li Si", "contact_phone": "+86 138",
		"province": "Zhejiang", "city": "Hangzhou", "address": "", "longitude": 120.15})
	if e := asError(t, err); e.Code != InvalidArgument || e.Field != "address" {
		t.Fatalf("add without a street address: %v", err)
	}
	listed, err := a.List(User(user), map[string]any{"user_id": user})
	if err != nil || len(listed["addresses"].([]any)) != 1 {
		t.Fatalf("list: %v %v", listed, err)
	}
}

func TestOrderEventEarnsPointsAndRaisesTheLevel(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	l := sys.Loyalty()
	secret := "whsec-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"
	if _, err := l.SetWebhookSecret(Admin("ops"), map[string]any{"secret": secret}); err != nil {
		t.Fatal(err)
	}
	event := map[string]any{"event_type": "ORDER_COMPLETED", "user_id": user, "order_id": "ORD-1",
		"amount": 100000, "payment_time": "2026-01-31T11:59:00Z", "timestamp": "2026-01-31T12:00:00Z"}
	signed, err := l.SignOrderEvent(Anonymous(), map[string]any{"secret": secret, "event": event})
	if err != nil {
		t.Fatal(err)
	}
	event["signature"] = strings.Repeat("0", 64)
	_, err = l.ApplyOrderEvent(Service("orders"), event)
	if e := asError(t, err); e.Code != Unauthenticated || e.Field != "signature" {
		t.Fatalf("forged event: %v", err)
	}
	event["signature"] = signed["signature"]
	outcome, err := l.ApplyOrderEvent(Service("orders"), event)
	if err != nil || outcome["points"] != float64(1000) || outcome["current_level"] != "BRONZE" {
		t.Fatalf("order event: %v %v", outcome, err)
	}
	profile, err := l.Profile(User(user), map[string]any{"user_id": user})
	if err != nil || profile["level"].(map[string]any)["code"] != "BRONZE" {
		t.Fatalf("profile: %v %v", profile, err)
	}
}

func TestMessagesToAUserAndTheTenant(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	m := sys.Messages()
	direct, err := m.Send(Admin("ops"), map[string]any{"audience": "user", "target": user, "title": "Hi Ann", "body": "Your card is ready."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Send(Admin("ops"), map[string]any{"audience": "tenant", "title": "Maintenance", "body": "Offline at 01:00."}); err != nil {
		t.Fatal(err)
	}
	listed, err := m.List(User(user), map[string]any{"user_id": user})
	if err != nil || len(listed["messages"].([]any)) != 2 || listed["unread"] != 2.0 {
		t.Fatalf("list: %v %v", listed, err)
	}
	if _, err := m.Read(User(user), map[string]any{"user_id": user, "message_id": direct["message_id"]}); err != nil {
		t.Fatal(err)
	}
	count, err := m.UnreadCount(User(user), map[string]any{"user_id": user})
	if err != nil || count["unread"] != 1.0 {
		t.Fatalf("unread: %v %v", count, err)
	}
	marked, err := m.ReadAll(User(user), map[string]any{"user_id": user})
	if err != nil || marked["marked"] != 1.0 {
		t.Fatalf("read_all: %v %v", marked, err)
	}
	_, err = m.Send(User(user), map[string]any{"audience": "tenant", "title": "x", "body": "y"})
	if e := asError(t, err); e.Code != PermissionDenied {
		t.Fatalf("a user sending: %v", err)
	}
}

func TestExportAndEraseAUser(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	p := sys.Privacy()
	exported, err := p.Export(User(user), map[string]any{"user_id": user})
	if err != nil || exported["account"].(map[string]any)["profile"].(map[string]any)["username"] != "ann" {
		t.Fatalf("export: %v %v", exported, err)
	}
	_, err = p.Erase(User(user), map[string]any{"user_id": user, "password": "Wrong-Secret-77"})
	if e := asError(t, err); e.Code != Unauthenticated {
		t.Fatalf("erase with a wrong password: %v", err)
	}
	if _, err := p.Erase(Admin("ops"), map[string]any{"user_id": user}); err != nil {
		t.Fatal(err)
	}
	_, err = p.Export(Admin("ops"), map[string]any{"user_id": user})
	if e := asError(t, err); e.Code != NotFound {
		t.Fatalf("export after erasure: %v", err)
	}
}

// outboxCode is the newest outbox code for the destination.
func outboxCode(t *testing.T, c CodesModule, destination string) string {
	t.Helper()
	box, err := c.Outbox(Admin("ops"), map[string]any{"limit": 100})
	if err != nil {
		t.Fatal(err)
	}
	code := ""
	for _, m := range box["messages"].([]any) {
		msg := m.(map[string]any)
		if msg["destination"] == destination {
			code = msg["code"].(string)
		}
	}
	if len(code) != 6 {
		t.Fatalf("no code in the outbox: %v", box)
	}
	return code
}

func TestCodeSignInResendWaitAndReset(t *testing.T) {
	sys := open(t)
	user, err := sys.Register(Anonymous(), map[string]any{"mobile": "13800138000", "password": password})
	if err != nil {
		t.Fatal(err)
	}
	c := sys.Codes()
	send := map[string]any{"purpose": "sign_in", "channel": "sms", "destination": "13800138000"}
	sent, err := c.Send(Anonymous(), send)
	if err != nil || sent["resend_at"] != "2026-01-31T12:01:00.000Z" {
		t.Fatalf("send: %v %v", sent, err)
	}
	_, err = c.Send(Anonymous(), send)
	if e := asError(t, err); e.Code != ResourceExhausted || e.RetryAtMs == 0 {
		t.Fatalf("resend within 60 s: %v", err)
	}
	code := outboxCode(t, c, "+8613800138000")
	signIn := map[string]any{"channel": "sms", "destination": "13800138000", "code": code}
	in, err := c.SignIn(Anonymous(), signIn)
	if err != nil || in["account"].(map[string]any)["user_id"] != user {
		t.Fatalf("code sign-in: %v %v", in, err)
	}
	_, err = c.SignIn(Anonymous(), signIn)
	if e := asError(t, err); e.Code != Unauthenticated {
		t.Fatalf("a used code: %v", err)
	}
	if _, err := sys.Call("clock.advance", SystemActor(), map[string]any{"seconds": 60}); err != nil {
		t.Fatal(err)
	}
	reset := map[string]any{"purpose": "password_reset", "channel": "sms", "destination": "13800138000"}
	if _, err := c.Send(Anonymous(), reset); err != nil {
		t.Fatal(err)
	}
	_, err = c.ResetPassword(Anonymous(), map[string]any{"channel": "sms", "destination": "13800138000",
		"code": outboxCode(t, c, "+8613800138000"), "new_password": "another horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sys.SignIn("default", "13800138000", "another horse battery"); err != nil {
		t.Fatalf("sign-in with the new password: %v", err)
	}
}

func TestTenantsRolesAndPermissions(t *testing.T) {
	sys := open(t)
	user := register(t, sys, "ann")
	root := SuperAdmin("root", "")
	created, err := sys.Tenants().Create(root, map[string]any{"id": "shop-eu", "name": "Shop Europe"})
	if err != nil || created["status"] != "active" {
		t.Fatalf("create: %v %v", created, err)
	}
	_, err = sys.Tenants().Create(Admin("ops"), map[string]any{"id": "x", "name": "X"})
	if e := asError(t, err); e.Code != PermissionDenied {
		t.Fatalf("a tenant admin created a tenant: %v", err)
	}
	listed, err := sys.Tenants().List(root, map[string]any{"name_contains": "europe"})
	if err != nil || len(listed["tenants"].([]any)) != 1 {
		t.Fatalf("list: %v %v", listed, err)
	}
	r := sys.Roles()
	if _, err := r.Create(Admin("ops"), map[string]any{"name": "support"}); err != nil {
		t.Fatalf("create role: %v", err)
	}
	if _, err := r.Grant(Admin("ops"), map[string]any{"grants": []any{
		map[string]any{"role": "support", "permission": "accounts.set_status"}}}); err != nil {
		t.Fatalf("grant: %v", err)
	}
	if _, err := r.Assign(Admin("ops"), map[string]any{"assignments": []any{
		map[string]any{"user_id": user, "role": "support"}}}); err != nil {
		t.Fatalf("assign: %v", err)
	}
	check, err := r.Check(User(user), map[string]any{"permission": "accounts.set_status"})
	if err != nil || check["allowed"] != true {
		t.Fatalf("check: %v %v", check, err)
	}
	_, err = r.Assign(Admin("ops"), map[string]any{"assignments": []any{
		map[string]any{"user_id": user, "role": "ghost"}}})
	if e := asError(t, err); e.Code != NotFound || e.Field != "assignments[0].role" {
		t.Fatalf("assign an unknown role: %v", err)
	}
}

func TestTenantUsersAndRoleBatch(t *testing.T) {
	sys := open(t)
	ann := register(t, sys, "ann")
	register(t, sys, "bob")
	users, err := sys.Tenants().Users(Admin("ops"), map[string]any{"limit": 1})
	if err != nil || users["total"] != float64(2) || len(users["users"].([]any)) != 1 ||
		users["users"].([]any)[0].(map[string]any)["home_tenant"] != "default" {
		t.Fatalf("users: %v %v", users, err)
	}
	_, err = sys.Tenants().Users(User(ann), map[string]any{})
	if e := asError(t, err); e.Code != PermissionDenied {
		t.Fatalf("a member listed the tenant's users: %v", err)
	}
	r := sys.Roles()
	created, err := r.CreateBatch(Admin("ops"), map[string]any{"roles": []any{
		map[string]any{"name": "support"}, map[string]any{"name": "auditor"}}})
	if err != nil || len(created["roles"].([]any)) != 2 {
		t.Fatalf("create batch: %v %v", created, err)
	}
	_, err = r.CreateBatch(Admin("ops"), map[string]any{"roles": []any{
		map[string]any{"name": "sales"}, map[string]any{"name": "support"}}})
	if e := asError(t, err); e.Code != Conflict || e.Field != "roles[1].name" {
		t.Fatalf("a taken name: %v", err)
	}
	listed, err := r.List(Admin("ops"), map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range listed["roles"].([]any) {
		if role.(map[string]any)["name"] == "sales" {
			t.Fatalf("a refused batch left a role behind: %v", listed)
		}
	}
}

func TestStatisticsGroupByAndMetrics(t *testing.T) {
	sys := open(t)
	register(t, sys, "ann")
	l := sys.Loyalty()
	stats, err := l.Statistics(Admin("ops"), map[string]any{"group_by": []any{"level", "day"},
		"metrics": []any{"count"}, "active_days": 7})
	if err != nil {
		t.Fatal(err)
	}
	overview := stats["overview"].(map[string]any)
	if overview["total_members"] != float64(1) || overview["points_issued"] != nil {
		t.Fatalf("overview: %v", overview)
	}
	levels := stats["level_distribution"].([]any)
	if levels[0].(map[string]any)["count"] != float64(1) || levels[0].(map[string]any)["avg_spent"] != nil {
		t.Fatalf("levels: %v", levels)
	}
	if len(stats["trends"].(map[string]any)["member_growth"].([]any)) != 7 {
		t.Fatalf("trends: %v", stats["trends"])
	}
	_, err = l.Statistics(Admin("ops"), map[string]any{"group_by": []any{"region"}})
	if e := asError(t, err); e.Code != InvalidArgument || e.Field != "group_by[0]" {
		t.Fatalf("unknown group_by: %v", err)
	}
	set, err := l.SetLevel(Admin("ops"), map[string]any{"user_id": register(t, sys, "bob"),
		"level_id": 4, "reason": "VIP"})
	if err != nil || set["new_level"] != "GOLD" {
		t.Fatalf("set level by id: %v %v", set, err)
	}
}
