// Package api is the HTTP and websocket edge: the Fiber app, its routes,
// middleware, the translation of errors into status codes and JSON, and
// the embedded front end. Nothing but the server's main imports it.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/safe"
	"github.com/weishi-dev/weishi/server/wshub"
)

// Pinger is something /readyz checks.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Limiter counts events per key in fixed windows, shared by every
// instance (it lives in Redis).
type Limiter interface {
	// Hit counts one event for key and returns the count in the current
	// window and the time until the window ends.
	Hit(ctx context.Context, key string, window time.Duration) (int64, time.Duration, error)
	// Peek returns the count and time left without counting.
	Peek(ctx context.Context, key string) (int64, time.Duration, error)
	// Reset forgets key.
	Reset(ctx context.Context, key string) error
}

// Deps are what the API needs from the rest of the server.
type Deps struct {
	Accounts *account.Service
	Database Pinger
	Redis    Pinger
	Limiter  Limiter
	Hub      *wshub.Hub
	Logger   *slog.Logger
	Metrics  *prometheus.Registry
	// Guard recovers the panics of handlers, sockets and background work,
	// logs them and counts them on /metrics (nil: a guard on Logger).
	Guard *safe.Guard
	// Frontend is the built single-page app; nil when it was not built.
	Frontend fs.FS
	// AllowedOrigins are extra origins (scheme://host[:port]) allowed for
	// websockets and CORS, beside the server's own.
	AllowedOrigins []string
	// TrustedProxies are the reverse proxies (IPs or CIDRs) whose
	// X-Forwarded-Proto and X-Forwarded-For are believed; from any other
	// peer those headers are ignored. Empty: nobody's.
	TrustedProxies []string
	RequestTimeout time.Duration
	Now            func() time.Time
	// Version is shown by /healthz.
	Version string

	// Courses runs training schedules (issue 3).
	Courses *courses.Service

	// Contests runs live contests (issue 5); ContestLive is the Redis the
	// instances share for the contest bus and leaderboards (nil: this
	// instance relays only its own sockets).
	Contests    *contest.Service
	ContestLive *live.Client

	// Quiz runs question banks and training quizzes (issue 4).
	Quiz *quiz.Service

	// Judging runs judged contests (issue 12); its live path shares
	// ContestLive's Redis bus.
	Judging *judging.Service

	// Appraisal runs document appraisals on Judging (issue 13); nil: its
	// routes answer 404.
	Appraisal *appraisal.Service
	// DocumentFiles is where Appraisal keeps its files: a streamed upload
	// is staged there (upload_stream.go). nil: uploads answer 404.
	DocumentFiles *docfile.Dir

	// Debate runs debate tournaments (issue 14); its live path shares
	// ContestLive's Redis bus. nil: its routes answer 404.
	Debate *debate.Service
	// Programme runs the year's programme, dashboards and awards (issue
	// 16); nil: its routes answer 404.
	Programme *programme.Service

	// Shared is state every instance can read (Redis); nil keeps such
	// state on this instance only (import-job progress, for example).
	Shared SharedState
}

// SharedState is a key-value store all instances share.
type SharedState interface {
	// Get returns a value, or an error wrapping live.ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores a value that expires after ttl.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
}

// Login limits (loginlimit.go).
const (
	loginPerPair          = 5                       // failed attempts per (account, address) per window
	loginPerPairWindow    = 15 * time.Minute        //
	loginPerAccount       = 50                      // failed attempts per account from all addresses per window
	loginPerAccountWindow = time.Hour               //
	loginPerAddress       = 30                      // failures per client address per window
	loginPerAddressWindow = 5 * time.Minute         //
	maxJSONBody           = 1 << 20                 // bytes accepted for a JSON body
	maxUploadBody         = 10 << 20                // bytes accepted for a file upload
	maxDocumentFile       = 20 << 20                // an appraisal document file (documentUploadPath only)
	maxDocumentBody       = maxDocumentFile + 1<<20 // its request: the file and the form around it
)

type server struct {
	Deps
	metrics      *httpMetrics
	contestRooms *contestRooms
	proxies      trustedProxies
	judgingRooms *boardRooms
	debateRooms  *boardRooms
	// tournamentRooms serve the debate tournament screens.
	tournamentRooms *boardRooms
}

// New builds the Fiber app with every route.
func New(d Deps) *fiber.App {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.RequestTimeout == 0 {
		d.RequestTimeout = 30 * time.Second
	}
	if d.Guard == nil {
		d.Guard = safe.NewGuard(d.Logger)
	}
	s := &server{Deps: d, proxies: newTrustedProxies(d.TrustedProxies)}
	s.contestRooms = newContestRooms(s)
	if d.Contests != nil {
		d.Contests.SetClockListener(s.contestRooms.clocked)
	}
	s.judgingRooms = newJudgingRooms(s)
	if d.Judging != nil {
		d.Judging.SetNotifier(s.judgingRooms)
	}
	s.debateRooms = newDebateRooms(s)
	s.tournamentRooms = newTournamentRooms(s)
	if d.Debate != nil {
		d.Debate.SetNotifier(s.debateRooms)
		d.Debate.SetTournamentNotifier(s.tournamentRooms)
	}
	if d.Metrics != nil {
		s.metrics = newHTTPMetrics(d.Metrics, d.Hub, d.Guard)
	}
	return s.app(s.config())
}

// config is the Fiber configuration. Immutable: every string a handler
// gets from the context (method, path, params, query, headers, cookies,
// form values) is a copy, not a view of fasthttp's reused buffers, so it
// may be kept past the handler — in metric labels, logs, import jobs,
// websocket members, maps. The copies cost about 1 µs per request
// (docs/benchmarks.md), against a request of tens of microseconds.
func (s *server) config() fiber.Config {
	return fiber.Config{
		AppName:   "weishi",
		BodyLimit: maxDocumentBody, // boundBody holds every other route to maxUploadBody (bodyLimit)
		// Bodies are streamed: boundBody reads every route's body into
		// memory within its limit before anything else sees it, as fasthttp
		// did, except the document upload's, which is streamed to disk
		// (upload_stream.go). Multipart forms are parsed from that bounded
		// body, never pre-parsed from the connection.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ErrorHandler:                 s.handleError,
		DisableStartupMessage:        true,
		ReadTimeout:                  60 * time.Second,
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
		ReadBufferSize:               16 << 10,
		Immutable:                    true,
		// X-Forwarded-Proto, -Host and -For count only from the configured
		// proxies: c.Protocol() (HSTS, Secure cookies) and c.Hostname()
		// ignore them from anyone else. Rate limits use s.clientIP.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          s.TrustedProxies,
		ProxyHeader:             fiber.HeaderXForwardedFor,
		EnableIPValidation:      true,
	}
}

// app builds the Fiber app with cfg, the middleware and every route.
func (s *server) app(cfg fiber.Config) *fiber.App {
	app := fiber.New(cfg)
	// Websockets take their connections over from fasthttp (hijackSocket)
	// and close them themselves, after the close handshake.
	app.Server().KeepHijackedConns = true
	app.Server().HeaderReceived = headerReceived
	app.Use(s.requestID, s.securityHeaders, s.logRequests, s.recoverer, s.boundBody, s.cors, s.requestContext)
	s.register(app)
	return app
}
