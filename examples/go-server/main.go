// go-server: a Go service hosting member over the Go bindings (bindings/go),
// standard library only. See README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"member"
)

func main() {
	bind := flag.String("bind", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 8082, "TCP port (0 picks a free one)")
	database := flag.String("database", "var/member.db", "SQLite file, :memory: or postgresql://...")
	keyFile := flag.String("key-file", "", "master key file (default: the database path plus .key)")
	secretFile := flag.String("internal-secret-file", "", "file holding the internal callers' shared secret")
	maxBody := flag.Int64("max-body", 1<<20, "largest request body in bytes")
	flag.Parse()

	secret := ""
	if *secretFile != "" {
		text, err := os.ReadFile(*secretFile)
		if err != nil {
			log.Fatalf("go-server: --internal-secret-file: %v", err)
		}
		secret = strings.TrimSpace(string(text))
	}
	options := map[string]any{"database": *database}
	if *keyFile != "" {
		options["key_file"] = *keyFile
	}
	system, err := member.Open(options)
	if err != nil {
		log.Fatalf("go-server: %v", err)
	}
	defer system.Close()

	listener, err := net.Listen("tcp", fmt.Sprintf("%s:%d", *bind, *port))
	if err != nil {
		log.Fatalf("go-server: %v", err)
	}
	logger := log.New(os.Stderr, "", 0)
	server := &http.Server{Handler: NewService(system, secret, *maxBody, logger)}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-stop
		_ = server.Shutdown(context.Background()) // finishes requests in flight
	}()
	fmt.Printf("listening on %s\n", listener.Addr())
	if err := server.Serve(listener); err != http.ErrServerClosed {
		log.Fatalf("go-server: %v", err)
	}
	logger.Println("go-server: stopped")
}
