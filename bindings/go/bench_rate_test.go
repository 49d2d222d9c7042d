package member

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// benchSystem opens the database bench_capi names (MEMBER_BENCH_DB) with
// `options` added and registers the user "bench_go"; it returns the system,
// the user and the number of timed calls asked for in `variable`. The test
// is skipped when bench_capi did not start it.
func benchSystem(t *testing.T, variable string, options map[string]any) (*System, string, int) {
	db := os.Getenv("MEMBER_BENCH_DB")
	if db == "" || os.Getenv(variable) == "" {
		t.Skip("run by bench/capi")
	}
	count, err := strconv.Atoi(os.Getenv(variable))
	if err != nil {
		t.Fatal(err)
	}
	options["database"], options["master_key"], options["durability"] = db, testKey, "normal"
	sys, err := Open(options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	user, err := sys.Register(Anonymous(), map[string]any{"username": "bench_go", "password": "bench-Passw0rd-kq7Zr"})
	if err != nil {
		t.Fatal(err)
	}
	return sys, user, count
}

// TestBenchEarnRate is run by bench_capi (MEMBER_BENCH_DB and
// MEMBER_BENCH_EARNS set): it prints "rate <earns per second>" of the typed
// fast path. Skipped otherwise.
func TestBenchEarnRate(t *testing.T) {
	sys, user, earns := benchSystem(t, "MEMBER_BENCH_EARNS", map[string]any{})
	svc := Service("bench")
	for i := 0; i < 50; i++ {
		if _, err := sys.Earn(svc, user, 1, fmt.Sprintf("warm-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	for i := 0; i < earns; i++ {
		if _, err := sys.Earn(svc, user, 1, fmt.Sprintf("go-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Printf("rate %.1f\n", float64(earns)/time.Since(start).Seconds())
}

// cpuSeconds is the CPU time this process has received (user and system).
func cpuSeconds(t *testing.T) float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		t.Fatal(err)
	}
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e9
}

// TestBenchVerifyRate is run by bench_capi (MEMBER_BENCH_DB and
// MEMBER_BENCH_VERIFIES set): it prints "rate <verifications per second>" of
// the typed token fast path, per second of this process's CPU time (pure
// computation; see bench/capi.cpp). Skipped otherwise.
func TestBenchVerifyRate(t *testing.T) {
	sys, user, verifies := benchSystem(t, "MEMBER_BENCH_VERIFIES", map[string]any{
		// Setup only: the sign-in's hash is not what this measures.
		"password_hashing": map[string]any{"memory_kib": 64, "iterations": 1, "parallelism": 1},
	})
	r, err := sys.Call("sessions.sign_in", Anonymous(), map[string]any{"identifier": "bench_go", "password": "bench-Passw0rd-kq7Zr"})
	if err != nil {
		t.Fatal(err)
	}
	token := r["tokens"].(map[string]any)["access_token"].(string)
	for i := 0; i < 1000; i++ {
		if _, err := sys.VerifyToken(token, false); err != nil {
			t.Fatal(err)
		}
	}
	start := cpuSeconds(t)
	for i := 0; i < verifies; i++ {
		c, err := sys.VerifyToken(token, false)
		if err != nil || c.Subject != user {
			t.Fatalf("verify: %v", err)
		}
	}
	fmt.Printf("rate %.1f\n", float64(verifies)/(cpuSeconds(t)-start))
}
