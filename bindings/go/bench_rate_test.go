package member

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestBenchEarnRate is run by bench_capi (MEMBER_BENCH_DB set): it prints
// "rate <earns per second>" of the typed fast path. Skipped otherwise.
func TestBenchEarnRate(t *testing.T) {
	db := os.Getenv("MEMBER_BENCH_DB")
	if db == "" {
		t.Skip("run by bench/capi")
	}
	earns, err := strconv.Atoi(os.Getenv("MEMBER_BENCH_EARNS"))
	if err != nil {
		t.Fatal(err)
	}
	sys, err := Open(map[string]any{"database": db, "master_key": testKey, "durability": "normal"})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	user, err := sys.Register(Anonymous(), map[string]any{"username": "bench_go", "password": "bench-Passw0rd-kq7Zr"})
	if err != nil {
		t.Fatal(err)
	}
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
