// Command xinyi-store runs FerretDB (MongoDB wire protocol over SQLite) as the
// embedded development and test store of 信易+.
//
// It prints one line "READY <mongodb-uri>" on stdout once it accepts connections
// and exits when its standard input closes, so it never outlives the Node process
// that launched it, even when that process is killed without a chance to clean up.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "", "data directory for the SQLite files (created if missing)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on; port 0 picks a free port")
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn or error")
	flag.Parse()

	if *dir == "" {
		fail("--dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail("cannot resolve --dir: %v", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fail("cannot create --dir: %v", err)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad --log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// SQLite URL must name an existing directory and end with a slash.
	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// Our parent holds our stdin open; EOF means it is gone.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	done := make(chan struct{})
	go func() {
		_ = db.Run(ctx)
		close(done)
	}()

	uri := db.MongoDBURI()
	if err := waitReachable(uri, 30*time.Second); err != nil {
		fail("store did not become reachable: %v", err)
	}
	fmt.Printf("READY %s\n", uri)

	<-done
}

func waitReachable(uri string, limit time.Duration) error {
	host := uri[len("mongodb://"):]
	if i := strings.IndexByte(host, '/'); i >= 0 {
		host = host[:i]
	}
	deadline := time.Now().Add(limit)
	for {
		conn, err := net.DialTimeout("tcp", host, time.Second)
		if err == nil {
			return conn.Close()
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}


func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "xinyi-store: "+format+"\n", args...)
	os.Exit(1)
}
