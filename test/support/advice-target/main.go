// Command advicetarget is a Go program whose net/http/pprof endpoints behave as the preflight
// advice tests need, with knobs the shared gotarget does not have: an http.Server WriteTimeout
// (seen by net/http/pprof, or hidden from it so that the connection's deadline cuts the answer),
// a request timeout that stops a CPU profile early (as chi's middleware.Timeout does), and
// runtime.MemProfileRate 0 (gotarget's 0 means "keep Go's default").
//
// Standard library only. The first line on stdout is "listening http://HOST:PORT".
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"time"
)

func main() {
	memProfileRate := flag.Int("memprofilerate", -1, "runtime.MemProfileRate to set at the start of main (-1: keep Go's default; 0: profile no allocation)")
	writeTimeout := flag.Duration("write-timeout", 0, "the http.Server's WriteTimeout (0: none)")
	hideWriteTimeout := flag.Bool("hide-write-timeout", false, "net/http/pprof sees a server without WriteTimeout, so it cannot refuse: the deadline cuts the answer instead")
	requestTimeout := flag.Duration("request-timeout", 0, "each /debug/pprof/ request's context ends after this long (0: never), stopping a CPU profile early")
	maxLifetime := flag.Duration("max-lifetime", 10*time.Minute, "exit by itself after this long")
	flag.Parse()
	if *memProfileRate >= 0 {
		runtime.MemProfileRate = *memProfileRate
	}
	retained = allocate(4096, 256)

	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	server := &http.Server{WriteTimeout: *writeTimeout}
	server.Handler = wrap(mux, *hideWriteTimeout, *requestTimeout)

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening http://%s\n", listener.Addr())
	time.AfterFunc(*maxLifetime, func() { os.Exit(0) })
	go spin()
	log.Fatal(server.Serve(listener))
}

// wrap applies the request knobs around the pprof handlers.
func wrap(next http.Handler, hideWriteTimeout bool, requestTimeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if hideWriteTimeout {
			// What net/http/pprof reads to know the WriteTimeout: a server that has none.
			ctx = context.WithValue(ctx, http.ServerContextKey, &http.Server{})
		}
		if requestTimeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, requestTimeout)
			defer cancel()
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// retained keeps some heap live, so that a heap profile at Go's default rate has samples.
var retained [][]byte

func allocate(size, count int) [][]byte {
	blocks := make([][]byte, count)
	for i := range blocks {
		blocks[i] = make([]byte, size)
	}
	return blocks
}

// spin keeps one goroutine busy, so that a CPU profile has samples.
func spin() {
	x := uint64(1)
	for {
		for i := 0; i < 1_000_000; i++ {
			x = x*2862933555777941757 + 3037000493
		}
		if x == 0 {
			fmt.Println(x)
		}
		time.Sleep(time.Millisecond)
	}
}
