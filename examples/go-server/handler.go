package main

// The HTTP side: seed 001's core routes over the Go bindings, with the same
// paths, envelope, error statuses and authentication headers as the C++
// examples/server (see its README). Each route only translates HTTP to one
// operation of the table; member decides everything else.

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"strconv"
	"time"

	"member"
)

const v1 = "/api/v1/member-system"

type access int

const (
	public access = iota
	memberOnly
	internal
)

type route struct {
	operation string
	access    access
	build     func(body map[string]any, r *http.Request, actor member.Actor) (map[string]any, error)
}

// Service serves one open member system.
type Service struct {
	System       *member.System
	secretDigest []byte // SHA-256 of the internal secret; nil: internal callers refused
	MaxBody      int64
	routes       map[string]route
	Log          *log.Logger
}

// NewService builds the route table; secret may be empty.
func NewService(system *member.System, secret string, maxBody int64, logger *log.Logger) *Service {
	s := &Service{System: system, MaxBody: maxBody, Log: logger}
	if secret != "" {
		d := sha256.Sum256([]byte(secret))
		s.secretDigest = d[:]
	}
	s.routes = map[string]route{
		"POST /user/auth/register": {"accounts.register", public, asIs},
		"POST /account/signin":     {"accounts.sign_in", public, asIs},
		"GET " + v1 + "/profile":   {"accounts.profile", memberOnly, ownID},
		"PUT " + v1 + "/profile":   {"accounts.update_profile", memberOnly, own},
		"POST " + v1 + "/points/earn": {"points.earn", internal,
			func(b map[string]any, _ *http.Request, _ member.Actor) (map[string]any, error) {
				return renamed(b, map[string]string{"points": "amount"}), nil
			}},
		"POST " + v1 + "/points/use": {"points.use", memberOnly,
			func(b map[string]any, r *http.Request, a member.Actor) (map[string]any, error) {
				return own(renamed(b, map[string]string{"points_to_use": "amount", "order_id": "related_order"}), r, a)
			}},
		"GET " + v1 + "/points/transactions": {"points.history", memberOnly, history},
	}
	return s
}

func asIs(b map[string]any, _ *http.Request, _ member.Actor) (map[string]any, error) { return b, nil }

func own(b map[string]any, _ *http.Request, a member.Actor) (map[string]any, error) {
	if _, named := b["user_id"]; a.Kind == member.KindUser && !named {
		b["user_id"] = a.ID
	}
	return b, nil
}

func ownID(_ map[string]any, r *http.Request, a member.Actor) (map[string]any, error) {
	if a.Kind == member.KindUser {
		return map[string]any{"user_id": a.ID}, nil
	}
	return map[string]any{"user_id": r.URL.Query().Get("user_id")}, nil
}

func renamed(b map[string]any, names map[string]string) map[string]any {
	for seed, op := range names {
		if v, ok := b[seed]; ok {
			if _, taken := b[op]; !taken {
				b[op] = v
				delete(b, seed)
			}
		}
	}
	return b
}

func positive(r *http.Request, name string, fallback int64) (int64, error) {
	text := r.URL.Query().Get(name)
	if text == "" {
		return fallback, nil
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 1 || n > 1000000 {
		return 0, &member.Error{Code: member.InvalidArgument, Field: name, Message: name + ": must be a positive integer"}
	}
	return n, nil
}

func history(_ map[string]any, r *http.Request, a member.Actor) (map[string]any, error) {
	request, _ := ownID(nil, r, a)
	limit, err := positive(r, "limit", 20)
	if err != nil {
		return nil, err
	}
	page, err := positive(r, "page", 1)
	if err != nil {
		return nil, err
	}
	request["limit"] = limit
	request["offset"] = (page - 1) * limit
	return request, nil
}

func (s *Service) actor(r *http.Request) (member.Actor, error) {
	tenant := r.Header.Get("X-Tenant-Id")
	if r.Header.Get("Authorization") != "" {
		return member.Actor{}, &member.Error{Code: member.Unauthenticated, Message: "Authorization: bearer tokens are not enabled"}
	}
	given := r.Header.Get("X-Internal-Secret")
	if given == "" {
		return member.Actor{Kind: member.KindAnonymous, Tenant: tenant}, nil
	}
	d := sha256.Sum256([]byte(given))
	if s.secretDigest == nil || subtle.ConstantTimeCompare(d[:], s.secretDigest) != 1 {
		return member.Actor{}, &member.Error{Code: member.Unauthenticated, Message: "X-Internal-Secret: not accepted"}
	}
	if id := r.Header.Get("X-Act-As-User"); id != "" {
		return member.Actor{Kind: member.KindUser, ID: id, Tenant: tenant}, nil
	}
	if id := r.Header.Get("X-Act-As-Admin"); id != "" {
		return member.Actor{Kind: member.KindAdmin, ID: id, Tenant: tenant}, nil
	}
	name := r.Header.Get("X-Internal-Service")
	if name == "" {
		name = "internal"
	}
	return member.Actor{Kind: member.KindService, ID: name, Tenant: tenant}, nil
}

var statusOf = map[member.Code]int{
	member.InvalidArgument: 400, member.Unauthenticated: 401, member.PermissionDenied: 403,
	member.NotFound: 404, member.Conflict: 409, member.FailedPrecondition: 409,
	member.InsufficientPoints: 409, member.InsufficientFunds: 409, member.Locked: 423,
	member.ResourceExhausted: 429, member.Busy: 503,
}

var words = map[int]string{200: "success", 400: "invalid_request", 401: "unauthorized",
	403: "forbidden", 404: "not_found", 409: "conflict", 413: "payload_too_large", 423: "locked",
	429: "too_many_requests", 500: "internal_error", 503: "busy"}

func (s *Service) answer(r *http.Request) (int, any) {
	if r.Method == "GET" && r.URL.Path == "/healthz" {
		return 200, map[string]any{"status": "ok"}
	}
	rt, found := s.routes[r.Method+" "+r.URL.Path]
	if !found {
		return 404, map[string]any{"error": "no such route"}
	}
	data, err := s.run(rt, r)
	if err == nil {
		return 200, data
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return 413, map[string]any{"error": "request body too large"}
	}
	var e *member.Error
	if !errors.As(err, &e) {
		return 500, map[string]any{"error": "internal_error"}
	}
	status, known := statusOf[e.Code]
	if !known {
		return 500, map[string]any{"error": "internal_error"}
	}
	out := map[string]any{"error": e.Code.String(), "detail": e.Message}
	if e.Field != "" || e.Code == member.InvalidArgument {
		out["errors"] = []map[string]string{{"field": e.Field, "message": e.Message}}
	}
	if e.Shortage != 0 {
		out["shortage"] = e.Shortage
	}
	return status, out
}

func (s *Service) run(rt route, r *http.Request) (any, error) {
	actor, err := s.actor(r)
	if err != nil {
		return nil, err
	}
	if rt.access != public && actor.Kind == member.KindAnonymous {
		return nil, &member.Error{Code: member.Unauthenticated, Message: "this route needs credentials"}
	}
	if rt.access == internal && actor.Kind != member.KindService && actor.Kind != member.KindSystem {
		return nil, &member.Error{Code: member.PermissionDenied, Message: "this route is for internal callers"}
	}
	body := map[string]any{}
	if r.Method != "GET" {
		text, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, s.MaxBody))
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(text)) > 0 {
			decoder := json.NewDecoder(bytes.NewReader(text))
			decoder.UseNumber() // large integers stay exact; member checks their range
			var value any
			if err := decoder.Decode(&value); err != nil || decoder.More() {
				return nil, &member.Error{Code: member.InvalidArgument, Field: "body", Message: "body: malformed JSON"}
			}
			object, isObject := value.(map[string]any)
			if !isObject {
				return nil, &member.Error{Code: member.InvalidArgument, Field: "body", Message: "body: must be a JSON object"}
			}
			body = object
		}
	}
	request, err := rt.build(body, r, actor)
	if err != nil {
		return nil, err
	}
	return s.System.Call(rt.operation, actor, request)
}

// ServeHTTP answers every request in the seeds' envelope and logs one JSON line.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	status, data := s.answer(r)
	body, _ := json.Marshal(map[string]any{"code": status, "message": words[status], "data": data,
		"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000Z")})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	line, _ := json.Marshal(map[string]any{"ts": started.UTC().Format(time.RFC3339Nano), "method": r.Method,
		"path": r.URL.Path, "status": status, "ms": float64(time.Since(started).Microseconds()) / 1000})
	s.Log.Println(string(line))
}
