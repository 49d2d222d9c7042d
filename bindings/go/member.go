// Package member binds the member library's C ABI (capi/member.h) with cgo.
//
// Build against libmember_c: CGO_LDFLAGS="-L<dir of libmember_c.so>" and,
// at run time, LD_LIBRARY_PATH=<that dir> (./scripts/test sets both).
//
//	sys, err := member.Open(map[string]any{"database": "var/member.db"})
//	defer sys.Close()
//	user, err := sys.Register(member.Anonymous(), map[string]any{"email": "ann@example.com", "password": "..."})
//	available, err := sys.Earn(member.Service("orders"), user, 250, "ORD123")
//
// Every operation of docs/c-api.md is reachable with Call; the hot ones have
// typed methods, and the bindings, identities, addresses, tags and
// verifications modules a view with one method per operation
// (sys.Identities().SignIn(actor, request)). Errors are *member.Error; errors.Is(err, member.ErrConflict)
// tests the code. A System is safe for concurrent use by goroutines.
package member

/*
#cgo CFLAGS: -I${SRCDIR}/../../capi
#cgo LDFLAGS: -lmember_c
#include <stdlib.h>
#include "member.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"unsafe"
)

// Code is a member::Errc number; the numbers never change.
type Code int

const (
	OK                 Code = 0
	InvalidArgument    Code = 1
	NotFound           Code = 2
	Conflict           Code = 3
	Unauthenticated    Code = 4
	Locked             Code = 5
	PermissionDenied   Code = 6
	FailedPrecondition Code = 7
	ResourceExhausted  Code = 8
	Storage            Code = 9
	SchemaTooNew       Code = 10
	KeyError           Code = 11
	Busy               Code = 12
	Internal           Code = 13
	InsufficientPoints Code = 14
	InsufficientFunds  Code = 15
)

// String is the code's stable lower-case name ("invalid_argument").
func (c Code) String() string {
	return C.GoString(C.member_status_name(C.int(c)))
}

// Error is a failed call. Field names the request field or JSON path at fault.
type Error struct {
	Code      Code
	Message   string
	Field     string
	RetryAtMs int64 // Locked: when a sign-in may succeed, ms since the epoch
	Shortage  int64 // InsufficientPoints/Funds: how much was missing
}

func (e *Error) Error() string { return e.Code.String() + ": " + e.Message }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, member.ErrConflict) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is, one per code.
var (
	ErrInvalidArgument    = &Error{Code: InvalidArgument}
	ErrNotFound           = &Error{Code: NotFound}
	ErrConflict           = &Error{Code: Conflict}
	ErrUnauthenticated    = &Error{Code: Unauthenticated}
	ErrLocked             = &Error{Code: Locked}
	ErrPermissionDenied   = &Error{Code: PermissionDenied}
	ErrFailedPrecondition = &Error{Code: FailedPrecondition}
	ErrResourceExhausted  = &Error{Code: ResourceExhausted}
	ErrStorage            = &Error{Code: Storage}
	ErrSchemaTooNew       = &Error{Code: SchemaTooNew}
	ErrKeyError           = &Error{Code: KeyError}
	ErrBusy               = &Error{Code: Busy}
	ErrInternal           = &Error{Code: Internal}
	ErrInsufficientPoints = &Error{Code: InsufficientPoints}
	ErrInsufficientFunds  = &Error{Code: InsufficientFunds}
)

func takeError(status C.int, cerr *C.member_error) error {
	if status == 0 {
		return nil
	}
	if cerr == nil {
		return &Error{Code: Code(status), Message: Code(status).String()}
	}
	defer C.member_error_free(cerr)
	return &Error{
		Code:      Code(status),
		Message:   C.GoString(C.member_error_message(cerr)),
		Field:     C.GoString(C.member_error_field(cerr)),
		RetryAtMs: int64(C.member_error_retry_at_ms(cerr)),
		Shortage:  int64(C.member_error_shortage(cerr)),
	}
}

// Version is the loaded library's "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.member_version()) }

// ActorKind says what kind of caller acts.
type ActorKind int

const (
	KindAnonymous ActorKind = 0
	KindUser      ActorKind = 1
	KindAdmin     ActorKind = 2
	KindService   ActorKind = 3
	KindSystem    ActorKind = 4
	// KindSuperAdmin is staff across tenants: every tenant's permissions and
	// tenant management.
	KindSuperAdmin ActorKind = 5
)

var kindNames = [...]string{"anonymous", "user", "admin", "service", "system", "super_admin"}

// Actor is who acts, in which tenant (member::Actor).
type Actor struct {
	Kind   ActorKind
	ID     string
	Tenant string
}

func (a Actor) tenant() string {
	if a.Tenant == "" {
		return "default"
	}
	return a.Tenant
}

// json is the actor as the C ABI's JSON names it; an unknown Kind is an
// InvalidArgument error naming "actor.kind" (never a panic).
func (a Actor) json() (map[string]any, error) {
	if a.Kind < 0 || int(a.Kind) >= len(kindNames) {
		return nil, &Error{Code: InvalidArgument, Message: "actor.kind: unknown kind", Field: "actor.kind"}
	}
	return map[string]any{"kind": kindNames[a.Kind], "id": a.ID, "tenant": a.tenant()}, nil
}

func Anonymous() Actor          { return Actor{Kind: KindAnonymous} }
func User(id string) Actor      { return Actor{Kind: KindUser, ID: id} }
func Admin(id string) Actor     { return Actor{Kind: KindAdmin, ID: id} }
func Service(name string) Actor { return Actor{Kind: KindService, ID: name} }
func SystemActor() Actor        { return Actor{Kind: KindSystem} }

// SuperAdmin is an operator across tenants acting in `tenant` ("" = default).
func SuperAdmin(id, tenant string) Actor {
	return Actor{Kind: KindSuperAdmin, ID: id, Tenant: tenant}
}

// System is an open member system. Close it when done; a finalizer closes
// it otherwise.
type System struct {
	mu     sync.RWMutex // calls hold it shared, Close exclusively
	handle *C.member_system
}

// Open opens a system with the JSON options of docs/c-api.md.
func Open(options map[string]any) (*System, error) {
	text, err := json.Marshal(options)
	if err != nil {
		return nil, err
	}
	ctext := C.CString(string(text))
	defer C.free(unsafe.Pointer(ctext))
	var handle *C.member_system
	var cerr *C.member_error
	if err := takeError(C.member_system_open(ctext, C.size_t(len(text)), &handle, &cerr), cerr); err != nil {
		return nil, err
	}
	s := &System{handle: handle}
	runtime.SetFinalizer(s, func(s *System) { s.Close() })
	return s, nil
}

// Close closes the system; it is idempotent and waits for running calls.
func (s *System) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handle != nil {
		C.member_system_close(s.handle)
		s.handle = nil
	}
	return nil
}

func (s *System) live() (*C.member_system, error) {
	if s.handle == nil {
		return nil, &Error{Code: FailedPrecondition, Message: "the system is closed"}
	}
	return s.handle, nil
}

// Call runs a named operation as actor with a request object; it returns the
// response object.
func (s *System) Call(op string, actor Actor, request map[string]any) (map[string]any, error) {
	body := map[string]any{}
	for k, v := range request {
		body[k] = v
	}
	actorJSON, err := actor.json()
	if err != nil {
		return nil, err
	}
	body["actor"] = actorJSON
	text, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var response map[string]any
	if err := s.CallJSON(op, text, &response); err != nil {
		return nil, err
	}
	return response, nil
}

// CallJSON runs a named operation with a raw JSON request and decodes the
// response into out.
func (s *System) CallJSON(op string, request []byte, out any) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	handle, err := s.live()
	if err != nil {
		return err
	}
	cop := C.CString(op)
	defer C.free(unsafe.Pointer(cop))
	creq := C.CString(string(request))
	defer C.free(unsafe.Pointer(creq))
	var cout *C.char
	var cerr *C.member_error
	if err := takeError(C.member_call(handle, cop, creq, C.size_t(len(request)), &cout, &cerr), cerr); err != nil {
		return err
	}
	defer C.member_free(unsafe.Pointer(cout))
	if err := json.Unmarshal([]byte(C.GoString(cout)), out); err != nil {
		return fmt.Errorf("member: response of %s: %w", op, err)
	}
	return nil
}

// Register runs accounts.register and returns the new user id.
func (s *System) Register(actor Actor, request map[string]any) (string, error) {
	r, err := s.Call("accounts.register", actor, request)
	if err != nil {
		return "", err
	}
	id, _ := r["user_id"].(string)
	return id, nil
}

// SignIn is the typed fast path of accounts.sign_in; it returns the user id.
func (s *System) SignIn(tenant, identifier, password string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	handle, err := s.live()
	if err != nil {
		return "", err
	}
	ctenant := C.CString(tenant)
	defer C.free(unsafe.Pointer(ctenant))
	cid := C.CString(identifier)
	defer C.free(unsafe.Pointer(cid))
	cpw := C.CString(password)
	defer C.free(unsafe.Pointer(cpw))
	var out *C.char
	var cerr *C.member_error
	status := C.member_sign_in(handle, ctenant, cid, C.size_t(len(identifier)), cpw, C.size_t(len(password)), &out, &cerr)
	if err := takeError(status, cerr); err != nil {
		return "", err
	}
	defer C.member_free(unsafe.Pointer(out))
	return C.GoString(out), nil
}

// Earn is the typed fast path of points.earn; it returns the available
// balance after the change.
func (s *System) Earn(actor Actor, userID string, amount int64, key string) (int64, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	handle, err := s.live()
	if err != nil {
		return 0, err
	}
	cid, ctenant := C.CString(actor.ID), C.CString(actor.tenant())
	defer C.free(unsafe.Pointer(cid))
	defer C.free(unsafe.Pointer(ctenant))
	cuser, ckey := C.CString(userID), C.CString(key)
	defer C.free(unsafe.Pointer(cuser))
	defer C.free(unsafe.Pointer(ckey))
	var available C.int64_t
	var cerr *C.member_error
	status := C.member_points_earn(handle, C.int(actor.Kind), cid, ctenant, cuser, C.int64_t(amount), ckey, &available, &cerr)
	return int64(available), takeError(status, cerr)
}

// Balance is the typed fast path of points.summary: available and frozen.
func (s *System) Balance(actor Actor, userID string) (available, frozen int64, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	handle, err := s.live()
	if err != nil {
		return 0, 0, err
	}
	cid, ctenant := C.CString(actor.ID), C.CString(actor.tenant())
	defer C.free(unsafe.Pointer(cid))
	defer C.free(unsafe.Pointer(ctenant))
	cuser := C.CString(userID)
	defer C.free(unsafe.Pointer(cuser))
	var a, f C.int64_t
	var cerr *C.member_error
	status := C.member_points_balance(handle, C.int(actor.Kind), cid, ctenant, cuser, &a, &f, &cerr)
	return int64(a), int64(f), takeError(status, cerr)
}

// TokenClaims are the claims of a verified access token (VerifyToken).
type TokenClaims struct {
	Subject     string // "sub": the public user id
	Username    string // may be empty
	Role        string // the user type, e.g. "MEMBER"
	Level       string // membership level code when the token was issued; may be empty
	Tenant      string
	SessionID   string // "sid"
	TokenID     string // "jti"
	KeyID       string // the header's "kid"
	IssuedAtMs  int64  // "iat", ms since the Unix epoch
	ExpiresAtMs int64  // "exp", ms since the Unix epoch
}

// VerifyToken is the typed fast path of sessions.verify
// (member_token_verify): the claims of a valid access token, or an error
// with code Unauthenticated naming the reason. checkSession also reads the
// session from the database.
func (s *System) VerifyToken(token string, checkSession bool) (TokenClaims, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	handle, err := s.live()
	if err != nil {
		return TokenClaims{}, err
	}
	// Go memory without Go pointers may be passed to C for the call's
	// duration; the extra byte keeps &buf[0] valid for an empty token.
	buf := make([]byte, len(token)+1)
	copy(buf, token)
	var flags C.int
	if checkSession {
		flags = C.MEMBER_VERIFY_CHECK_SESSION
	}
	var claims *C.member_token_claims
	var cerr *C.member_error
	status := C.member_token_verify(handle, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(token)), flags, &claims, &cerr)
	if err := takeError(status, cerr); err != nil {
		return TokenClaims{}, err
	}
	defer C.member_token_claims_free(claims)
	str := func(p *C.char, n C.size_t) string { return C.GoStringN(p, C.int(n)) }
	return TokenClaims{
		Subject:     str(claims.subject, claims.subject_len),
		Username:    str(claims.username, claims.username_len),
		Role:        str(claims.role, claims.role_len),
		Level:       str(claims.level, claims.level_len),
		Tenant:      str(claims.tenant, claims.tenant_len),
		SessionID:   str(claims.session_id, claims.session_id_len),
		TokenID:     str(claims.token_id, claims.token_id_len),
		KeyID:       str(claims.key_id, claims.key_id_len),
		IssuedAtMs:  int64(claims.issued_at_ms),
		ExpiresAtMs: int64(claims.expires_at_ms),
	}, nil
}

// Module is one module's operations ("bindings"): each method of the typed
// module views below runs the operation of its name with Call, taking and
// returning the JSON objects documented in docs/c-api.md.
type Module struct {
	sys  *System
	name string
}

// Call runs the operation "<module>.<verb>".
func (m Module) Call(verb string, actor Actor, request map[string]any) (map[string]any, error) {
	return m.sys.Call(m.name+"."+verb, actor, request)
}

// BindingsModule runs the bindings.* operations: customer and transaction bindings (docs/bindings.md).
type BindingsModule struct{ Module }

// Bindings returns the bindings.* operations.
func (s *System) Bindings() BindingsModule { return BindingsModule{Module{s, "bindings"}} }

// BindCustomer runs bindings.bind_customer.
func (m BindingsModule) BindCustomer(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("bind_customer", actor, request)
}

// Customers runs bindings.customers.
func (m BindingsModule) Customers(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("customers", actor, request)
}

// UnbindCustomer runs bindings.unbind_customer.
func (m BindingsModule) UnbindCustomer(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("unbind_customer", actor, request)
}

// BindTransaction runs bindings.bind_transaction.
func (m BindingsModule) BindTransaction(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("bind_transaction", actor, request)
}

// Transaction runs bindings.transaction.
func (m BindingsModule) Transaction(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("transaction", actor, request)
}

// Transactions runs bindings.transactions.
func (m BindingsModule) Transactions(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("transactions", actor, request)
}

// UnbindTransaction runs bindings.unbind_transaction.
func (m BindingsModule) UnbindTransaction(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("unbind_transaction", actor, request)
}

// IdentitiesModule runs the identities.* operations: third-party identities: bind, register, sign in.
type IdentitiesModule struct{ Module }

// Identities returns the identities.* operations.
func (s *System) Identities() IdentitiesModule { return IdentitiesModule{Module{s, "identities"}} }

// Check runs identities.check.
func (m IdentitiesModule) Check(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("check", actor, request)
}

// Bind runs identities.bind.
func (m IdentitiesModule) Bind(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("bind", actor, request)
}

// Register runs identities.register.
func (m IdentitiesModule) Register(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("register", actor, request)
}

// List runs identities.list.
func (m IdentitiesModule) List(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("list", actor, request)
}

// Unbind runs identities.unbind.
func (m IdentitiesModule) Unbind(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("unbind", actor, request)
}

// SignIn runs identities.sign_in.
func (m IdentitiesModule) SignIn(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("sign_in", actor, request)
}

// AddressesModule runs the addresses.* operations: postal and farm addresses.
type AddressesModule struct{ Module }

// Addresses returns the addresses.* operations.
func (s *System) Addresses() AddressesModule { return AddressesModule{Module{s, "addresses"}} }

// Add runs addresses.add.
func (m AddressesModule) Add(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("add", actor, request)
}

// Update runs addresses.update.
func (m AddressesModule) Update(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("update", actor, request)
}

// Remove runs addresses.remove.
func (m AddressesModule) Remove(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("remove", actor, request)
}

// Get runs addresses.get.
func (m AddressesModule) Get(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("get", actor, request)
}

// List runs addresses.list.
func (m AddressesModule) List(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("list", actor, request)
}

// TagsModule runs the tags.* operations: user tags.
type TagsModule struct{ Module }

// Tags returns the tags.* operations.
func (s *System) Tags() TagsModule { return TagsModule{Module{s, "tags"}} }

// Set runs tags.set.
func (m TagsModule) Set(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("set", actor, request)
}

// List runs tags.list.
func (m TagsModule) List(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("list", actor, request)
}

// Remove runs tags.remove.
func (m TagsModule) Remove(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("remove", actor, request)
}

// VerificationsModule runs the verifications.* operations: real-name and bank card checks.
type VerificationsModule struct{ Module }

// Verifications returns the verifications.* operations.
func (s *System) Verifications() VerificationsModule {
	return VerificationsModule{Module{s, "verifications"}}
}

// SubmitRealName runs verifications.submit_real_name.
func (m VerificationsModule) SubmitRealName(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("submit_real_name", actor, request)
}

// SubmitBankCard runs verifications.submit_bank_card.
func (m VerificationsModule) SubmitBankCard(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("submit_bank_card", actor, request)
}

// Decide runs verifications.decide.
func (m VerificationsModule) Decide(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("decide", actor, request)
}

// Get runs verifications.get.
func (m VerificationsModule) Get(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("get", actor, request)
}

// List runs verifications.list.
func (m VerificationsModule) List(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("list", actor, request)
}

// Flags runs verifications.flags.
func (m VerificationsModule) Flags(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("flags", actor, request)
}

// PaymentAccount runs verifications.payment_account.
func (m VerificationsModule) PaymentAccount(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("payment_account", actor, request)
}

// LoyaltyModule runs the loyalty.* operations: levels, order events, benefits, activities and statistics (docs/levels.md).
type LoyaltyModule struct{ Module }

// Loyalty returns the loyalty.* operations.
func (s *System) Loyalty() LoyaltyModule { return LoyaltyModule{Module{s, "loyalty"}} }

// Levels runs loyalty.levels.
func (m LoyaltyModule) Levels(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("levels", actor, request)
}

// SetLevels runs loyalty.set_levels.
func (m LoyaltyModule) SetLevels(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("set_levels", actor, request)
}

// Settings runs loyalty.settings.
func (m LoyaltyModule) Settings(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("settings", actor, request)
}

// SetSettings runs loyalty.set_settings.
func (m LoyaltyModule) SetSettings(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("set_settings", actor, request)
}

// SetWebhookSecret runs loyalty.set_webhook_secret.
func (m LoyaltyModule) SetWebhookSecret(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("set_webhook_secret", actor, request)
}

// SignOrderEvent runs loyalty.sign_order_event.
func (m LoyaltyModule) SignOrderEvent(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("sign_order_event", actor, request)
}

// ApplyOrderEvent runs loyalty.apply_order_event.
func (m LoyaltyModule) ApplyOrderEvent(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("apply_order_event", actor, request)
}

// SetLevel runs loyalty.set_level.
func (m LoyaltyModule) SetLevel(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("set_level", actor, request)
}

// Profile runs loyalty.profile.
func (m LoyaltyModule) Profile(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("profile", actor, request)
}

// LevelCode runs loyalty.level_code.
func (m LoyaltyModule) LevelCode(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("level_code", actor, request)
}

// EvaluateDowngrades runs loyalty.evaluate_downgrades.
func (m LoyaltyModule) EvaluateDowngrades(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("evaluate_downgrades", actor, request)
}

// PutBenefit runs loyalty.put_benefit.
func (m LoyaltyModule) PutBenefit(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("put_benefit", actor, request)
}

// RemoveBenefit runs loyalty.remove_benefit.
func (m LoyaltyModule) RemoveBenefit(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("remove_benefit", actor, request)
}

// Benefits runs loyalty.benefits.
func (m LoyaltyModule) Benefits(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("benefits", actor, request)
}

// AvailableBenefits runs loyalty.available_benefits.
func (m LoyaltyModule) AvailableBenefits(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("available_benefits", actor, request)
}

// UseBenefit runs loyalty.use_benefit.
func (m LoyaltyModule) UseBenefit(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("use_benefit", actor, request)
}

// PutActivity runs loyalty.put_activity.
func (m LoyaltyModule) PutActivity(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("put_activity", actor, request)
}

// RemoveActivity runs loyalty.remove_activity.
func (m LoyaltyModule) RemoveActivity(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("remove_activity", actor, request)
}

// Activities runs loyalty.activities.
func (m LoyaltyModule) Activities(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("activities", actor, request)
}

// JoinActivity runs loyalty.join_activity.
func (m LoyaltyModule) JoinActivity(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("join_activity", actor, request)
}

// Overview runs loyalty.overview.
func (m LoyaltyModule) Overview(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("overview", actor, request)
}

// LevelDistribution runs loyalty.level_distribution.
func (m LoyaltyModule) LevelDistribution(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("level_distribution", actor, request)
}

// Trends runs loyalty.trends.
func (m LoyaltyModule) Trends(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("trends", actor, request)
}

// Statistics runs loyalty.statistics.
func (m LoyaltyModule) Statistics(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("statistics", actor, request)
}

// MessagesModule runs the messages.* operations: in-site messages and notifications.
type MessagesModule struct{ Module }

// Messages returns the messages.* operations.
func (s *System) Messages() MessagesModule { return MessagesModule{Module{s, "messages"}} }

// Send runs messages.send.
func (m MessagesModule) Send(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("send", actor, request)
}

// List runs messages.list.
func (m MessagesModule) List(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("list", actor, request)
}

// Read runs messages.read.
func (m MessagesModule) Read(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("read", actor, request)
}

// ReadAll runs messages.read_all.
func (m MessagesModule) ReadAll(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("read_all", actor, request)
}

// UnreadCount runs messages.unread_count.
func (m MessagesModule) UnreadCount(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("unread_count", actor, request)
}

// PrivacyModule runs the privacy.* operations: personal data export and erasure.
type PrivacyModule struct{ Module }

// Privacy returns the privacy.* operations.
func (s *System) Privacy() PrivacyModule { return PrivacyModule{Module{s, "privacy"}} }

// Export runs privacy.export.
func (m PrivacyModule) Export(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("export", actor, request)
}

// Erase runs privacy.erase.
func (m PrivacyModule) Erase(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("erase", actor, request)
}

// CodesModule runs the codes.* operations: verification codes for registration, code sign-in, password reset and contact change (docs/sessions.md).
type CodesModule struct{ Module }

// Codes returns the codes.* operations.
func (s *System) Codes() CodesModule { return CodesModule{Module{s, "codes"}} }

// Send runs codes.send.
func (m CodesModule) Send(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("send", actor, request)
}

// Register runs codes.register.
func (m CodesModule) Register(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("register", actor, request)
}

// SignIn runs codes.sign_in.
func (m CodesModule) SignIn(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("sign_in", actor, request)
}

// ResetPassword runs codes.reset_password.
func (m CodesModule) ResetPassword(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("reset_password", actor, request)
}

// ChangeContact runs codes.change_contact.
func (m CodesModule) ChangeContact(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("change_contact", actor, request)
}

// Outbox runs codes.outbox.
func (m CodesModule) Outbox(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("outbox", actor, request)
}

// Acknowledge runs codes.acknowledge.
func (m CodesModule) Acknowledge(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("acknowledge", actor, request)
}

// TenantsModule runs the tenants.* operations: tenants and memberships (E1).
type TenantsModule struct{ Module }

// Tenants returns the tenants.* operations.
func (s *System) Tenants() TenantsModule { return TenantsModule{Module{s, "tenants"}} }

// Create runs tenants.create.
func (m TenantsModule) Create(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("create", actor, request)
}

// Get runs tenants.get.
func (m TenantsModule) Get(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("get", actor, request)
}

// List runs tenants.list.
func (m TenantsModule) List(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("list", actor, request)
}

// Update runs tenants.update.
func (m TenantsModule) Update(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("update", actor, request)
}

// Delete runs tenants.delete.
func (m TenantsModule) Delete(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("delete", actor, request)
}

// Import runs tenants.import.
func (m TenantsModule) Import(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("import", actor, request)
}

// Export runs tenants.export.
func (m TenantsModule) Export(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("export", actor, request)
}

// AssignUser runs tenants.assign_user.
func (m TenantsModule) AssignUser(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("assign_user", actor, request)
}

// UserTenants runs tenants.user_tenants.
func (m TenantsModule) UserTenants(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("user_tenants", actor, request)
}

// Users runs tenants.users.
func (m TenantsModule) Users(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("users", actor, request)
}

// RolesModule runs the roles.* operations: roles and permission points (E2, E3).
type RolesModule struct{ Module }

// Roles returns the roles.* operations.
func (s *System) Roles() RolesModule { return RolesModule{Module{s, "roles"}} }

// Create runs roles.create.
func (m RolesModule) Create(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("create", actor, request)
}

// CreateBatch runs roles.create_batch.
func (m RolesModule) CreateBatch(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("create_batch", actor, request)
}

// List runs roles.list.
func (m RolesModule) List(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("list", actor, request)
}

// CreatePermission runs roles.create_permission.
func (m RolesModule) CreatePermission(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("create_permission", actor, request)
}

// Permissions runs roles.permissions.
func (m RolesModule) Permissions(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("permissions", actor, request)
}

// Assign runs roles.assign.
func (m RolesModule) Assign(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("assign", actor, request)
}

// Grant runs roles.grant.
func (m RolesModule) Grant(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("grant", actor, request)
}

// UserRoles runs roles.user_roles.
func (m RolesModule) UserRoles(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("user_roles", actor, request)
}

// UserPermissions runs roles.user_permissions.
func (m RolesModule) UserPermissions(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("user_permissions", actor, request)
}

// Check runs roles.check.
func (m RolesModule) Check(actor Actor, request map[string]any) (map[string]any, error) {
	return m.Call("check", actor, request)
}
