package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/weishi-dev/weishi/frontend"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/config"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/safe"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/wshub"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// rootUnit is the unit the first admin is put in on an empty database.
const rootUnit = "市文化市场行政执法局"

const usage = `usage: weishi [serve|migrate|seed|health|version] [flags]

  serve    run the server (default)
  migrate  apply database migrations and exit
  seed     load the demo data set and exit
  health   exit 0 when the server at WEISHI_ADDR answers /readyz with 200, else 1
  version  print the version

Configuration comes from the environment (WEISHI_ADDR, WEISHI_DATA_DIR,
DATABASE_URL, REDIS_URL, WEISHI_ADMIN_PASSWORD, WEISHI_DEMO,
WEISHI_ALLOWED_ORIGINS, WEISHI_TRUSTED_PROXIES, WEISHI_CONNECT_TIMEOUT,
WEISHI_LOG_FORMAT); flags override it. Run "weishi serve -h" for the flags.
`

// run is the whole program; main only calls it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, rest := "serve", args[1:]
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "weishi", version)
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "serve", "migrate", "seed", "health":
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	cfg, err := config.Load(rest, getenv, stderr)
	if err != nil {
		return err
	}
	if cmd == "health" {
		return health(ctx, cfg, stdout)
	}
	logger := newLogger(cfg.LogFormat, stderr)
	connectBy := time.Now().Add(cfg.ConnectTimeout)

	var db *sqlstore.DB
	if cfg.DatabaseURL == "" {
		db, err = sqlstore.Open(ctx, "", cfg.DataDir)
	} else {
		db, err = connect(ctx, logger, "the database", connectBy, cfg.ConnectTimeout, func(ctx context.Context) (*sqlstore.DB, error) {
			return sqlstore.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
		})
	}
	if err != nil {
		return err
	}
	defer db.Close()
	guard := safe.NewGuard(logger)
	var rds *live.Client
	if cmd == "serve" {
		// Both before anything else, so a start fails early and whole.
		if cfg.RedisURL == "" {
			rds, err = live.Open(ctx, "", logger, live.WithGuard(guard))
		} else {
			rds, err = connect(ctx, logger, "Redis", connectBy, cfg.ConnectTimeout, func(ctx context.Context) (*live.Client, error) {
				return live.Open(ctx, cfg.RedisURL, logger, live.WithGuard(guard))
			})
		}
		if err != nil {
			return err
		}
		defer rds.Close()
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		logger.Info("migrations applied", "engine", db.Engine(), "versions", applied)
	}
	if cmd == "migrate" {
		fmt.Fprintf(stdout, "database (%s) is up to date; applied %d migrations\n", db.Engine(), len(applied))
		return nil
	}

	svc, err := newServices(db, time.Now, guard)
	if err != nil {
		return err
	}
	sched := quiz.DefaultScheduling
	sched.MasterDays = cfg.MasterDays // WEISHI_MASTER_DAYS: when a notebook entry counts as mastered
	svc.quiz.SetScheduling(sched)
	conv, err := svc.addAppraisal(db, cfg.DataDir, cfg.DocConverter, guard)
	if err != nil {
		return err
	}
	if cmd == "serve" {
		logger.Info("document conversion", "converter", conv) // empty: DOCX offered as a download
		if err := svc.appraisal.ResumeConversions(ctx); err != nil {
			logger.Warn("resume document conversions", "err", err)
		}
	}
	if err := svc.addProgramme(db, cfg.DataDir); err != nil {
		return err
	}
	adminPassword, err := svc.accounts.Bootstrap(ctx, rootUnit, cfg.AdminPassword)
	if err != nil {
		return err
	}
	if adminPassword != "" {
		printAdmin(stdout, adminPassword, cfg.AdminPassword == "")
	}

	if cmd == "seed" {
		res, err := seed.Load(ctx, svc.seedDeps(logger))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "demo data loaded: %s\n", res)
		printDemo(stdout, res)
		return nil
	}
	demo := db.Created
	if cfg.Demo != nil {
		demo = *cfg.Demo
	}
	if demo {
		res, err := seed.Load(ctx, svc.seedDeps(logger))
		if err != nil {
			return err
		}
		logger.Info("demo data loaded", "result", res.String())
		printDemo(stdout, res)
	}
	return serve(ctx, cfg, logger, db, rds, svc, stdout)
}

func serve(ctx context.Context, cfg config.Config, logger *slog.Logger, db *sqlstore.DB, rds *live.Client, svc *services, stdout io.Writer) error {

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), string(db.Engine())))
	hub := wshub.New(256)
	hub.SetGuard(svc.guard)
	var dist fs.FS
	if f, ok := frontend.FS(); ok {
		dist = f
	} else {
		logger.Warn("the front end is not built into this binary; run make build")
	}
	deps := api.Deps{
		Accounts: svc.accounts, Database: db, Redis: rds, Limiter: rds, Hub: hub, Logger: logger, Metrics: reg,
		Frontend: dist, AllowedOrigins: cfg.AllowedOrigins, TrustedProxies: cfg.TrustedProxies, RequestTimeout: cfg.RequestTimeout, Version: version,
	}
	svc.addAPIDeps(&deps, rds)
	app := api.New(deps)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	svc.guard.Go("sessions.prune", func() { pruneSessions(ctx, svc.accounts, logger) })
	svc.background(ctx, logger)
	errc := make(chan error, 1)
	svc.guard.Go("http.listener", func() {
		errc <- svc.guard.Run("http.listener", func() error { return app.Listener(ln) })
	})
	logger.Info("serving", "addr", ln.Addr().String(), "database", db.Engine(), "redis_embedded", rds.Embedded(), "version", version)
	fmt.Fprintf(stdout, "Weishi is running at http://%s\n", displayAddr(ln.Addr()))

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	deadline := time.Now().Add(cfg.ShutdownGrace)
	hub.Shutdown(deadline)
	if err := app.ShutdownWithTimeout(time.Until(deadline)); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func pruneSessions(ctx context.Context, accounts *account.Service, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := accounts.PruneSessions(ctx); err != nil && !errors.Is(err, context.Canceled) {
			logger.Warn("prune sessions", "err", err)
		} else if n > 0 {
			logger.Info("pruned sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func printAdmin(w io.Writer, password string, generated bool) {
	fmt.Fprintln(w, "────────────────────────────────────────────────────────")
	fmt.Fprintln(w, " First start: created the administrator account")
	fmt.Fprintf(w, "   account:  admin\n   password: %s\n", password)
	if generated {
		fmt.Fprintln(w, " This password was generated and is shown only once;")
		fmt.Fprintln(w, " you will be asked to change it at the first login.")
	}
	fmt.Fprintln(w, "────────────────────────────────────────────────────────")
}

func printDemo(w io.Writer, res seed.Result) {
	fmt.Fprintln(w, "Demo accounts (demo mode only; password for all: "+seed.DemoPassword+"):")
	for _, a := range res.Accounts {
		fmt.Fprintf(w, "   %-12s %s\n", a.Account, a.Role)
	}
}
