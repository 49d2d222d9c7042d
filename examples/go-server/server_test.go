package main

// End-to-end over real HTTP on 127.0.0.1 (httptest) with a fresh database:
// the core flow, auth failures and bad input.

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"member"
)

const secret = "go-e2e-shared-secret-0123456789"

func start(t *testing.T) *httptest.Server {
	system, err := member.Open(map[string]any{"database": filepath.Join(t.TempDir(), "member.db")})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewService(system, secret, 1<<20, log.New(io.Discard, "", 0)))
	t.Cleanup(func() { srv.Close(); system.Close() })
	return srv
}

func do(t *testing.T, srv *httptest.Server, method, path, body string, headers map[string]string, want int) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var envelope map[string]any
	if err := json.NewDecoder(res.Body).Decode(&envelope); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want || envelope["code"] != float64(want) || envelope["timestamp"] == nil {
		t.Fatalf("%s %s: got %d %v, want %d", method, path, res.StatusCode, envelope, want)
	}
	data, _ := envelope["data"].(map[string]any)
	return data
}

func TestFlow(t *testing.T) {
	srv := start(t)
	user := do(t, srv, "POST", "/user/auth/register", `{"username":"ann","password":"correct horse battery"}`, nil, 200)["user_id"].(string)
	do(t, srv, "POST", "/account/signin", `{"identifier":"ann","password":"correct horse battery"}`, nil, 200)
	me := map[string]string{"X-Internal-Secret": secret, "X-Act-As-User": user}
	if got := do(t, srv, "PUT", v1+"/profile", `{"nickname":"Ann"}`, me, 200)["nickname"]; got != "Ann" {
		t.Fatalf("nickname %v", got)
	}
	do(t, srv, "GET", v1+"/profile", "", me, 200)
	service := map[string]string{"X-Internal-Secret": secret}
	do(t, srv, "POST", v1+"/points/earn", `{"user_id":"`+user+`","points":250,"key":"O1"}`, service, 200)
	if got := do(t, srv, "POST", v1+"/points/use", `{"points_to_use":100,"key":"U1"}`, me, 200)["available"]; got != float64(150) {
		t.Fatalf("available %v", got)
	}
	if got := do(t, srv, "GET", v1+"/points/transactions?limit=5", "", me, 200)["entries"].([]any); len(got) != 2 {
		t.Fatalf("history %v", got)
	}
	do(t, srv, "POST", v1+"/points/use", `{"points_to_use":500,"key":"U2"}`, me, 409)
}

func TestAuthFailuresAndBadInput(t *testing.T) {
	srv := start(t)
	user := do(t, srv, "POST", "/user/auth/register", `{"username":"bob","password":"correct horse battery"}`, nil, 200)["user_id"].(string)
	me := map[string]string{"X-Internal-Secret": secret, "X-Act-As-User": user}
	do(t, srv, "GET", v1+"/profile", "", nil, 401)
	do(t, srv, "GET", v1+"/profile", "", map[string]string{"X-Internal-Secret": "wrong", "X-Act-As-User": user}, 401)
	do(t, srv, "GET", v1+"/profile", "", map[string]string{"Authorization": "Bearer x"}, 401)
	do(t, srv, "POST", v1+"/points/earn", `{"user_id":"`+user+`","points":5,"key":"K"}`, me, 403)
	for _, body := range []string{`{"points_to_use":`, `{"points_to_use":"ten","key":"U"}`, `[1]`,
		`{"points_to_use":1.5,"key":"U"}`, `{"points_to_use":99999999999999999999,"key":"U"}`,
		`{"points_to_use":1,"key":"U","extra":1}`} {
		if got := do(t, srv, "POST", v1+"/points/use", body, me, 400)["error"]; got != "invalid_argument" {
			t.Fatalf("%s: %v", body, got)
		}
	}
	huge := `{"username":"` + string(bytes.Repeat([]byte("x"), 2<<20)) + `"}`
	do(t, srv, "POST", "/user/auth/register", huge, nil, 413)
	do(t, srv, "GET", "/nope", "", nil, 404)
	if got := do(t, srv, "GET", v1+"/points/transactions", "", me, 200)["entries"].([]any); len(got) != 0 {
		t.Fatalf("bad input wrote %v", got)
	}
}
