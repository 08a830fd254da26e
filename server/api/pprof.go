package api

import (
	"net/http"
	"net/http/pprof"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
)

// pprofHandler serves Go's runtime profiles (goroutine, heap, CPU profile,
// execution trace) for production diagnosis. Its route is for admins only
// (routes.go): a profile shows the program's internals and a CPU profile
// or trace costs the server while it runs.
func (s *server) pprofHandler() fiber.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return adaptor.HTTPHandler(mux)
}
