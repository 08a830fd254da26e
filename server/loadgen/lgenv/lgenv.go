// Package lgenv opens what every load generator starts from: a throwaway
// store (a temporary SQLite file, or the PostgreSQL database given),
// migrated; the embedded Redis; the account service; and, on demand, the
// real API on a loopback port.
package lgenv

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
)

// Env is an opened environment; Close releases it.
type Env struct {
	DB       *sqlstore.DB
	Redis    *live.Client
	Accounts *account.Service
	Logger   *slog.Logger // discards: the generators print their own figures
	dir      string
	app      *fiber.App
}

// Open opens the store (PostgreSQL when databaseURL is set, else a SQLite
// file in a temporary directory), migrates it, and opens the embedded
// Redis and the account service (with the cheapest password hash).
func Open(ctx context.Context, databaseURL string) (_ *Env, err error) {
	e := &Env{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	if e.dir, err = os.MkdirTemp("", "weishi-loadgen-"); err != nil {
		return nil, err
	}
	if databaseURL != "" {
		e.DB, err = sqlstore.Open(ctx, databaseURL, "")
	} else {
		e.DB, err = sqlstore.OpenSQLiteFile(ctx, filepath.Join(e.dir, "loadgen.db"))
	}
	if err != nil {
		return nil, err
	}
	if _, err = e.DB.Migrate(ctx); err != nil {
		return nil, err
	}
	if e.Redis, err = live.Open(ctx, "", e.Logger); err != nil {
		return nil, err
	}
	if e.Accounts, err = account.NewService(e.DB.Accounts(), time.Now, account.MinHashCost); err != nil {
		return nil, err
	}
	return e, nil
}

// Serve starts the API with deps (the environment's accounts, database,
// Redis and logger filled in where deps leaves them empty) on a loopback
// port and returns its address (host:port). Close stops it.
func (e *Env) Serve(deps api.Deps) (string, error) {
	if deps.Accounts == nil {
		deps.Accounts = e.Accounts
	}
	if deps.Database == nil {
		deps.Database = e.DB
	}
	if deps.Redis == nil {
		deps.Redis = e.Redis
	}
	if deps.Limiter == nil {
		deps.Limiter = e.Redis
	}
	if deps.Logger == nil {
		deps.Logger = e.Logger
	}
	e.app = api.New(deps)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go e.app.Listener(ln)
	return ln.Addr().String(), nil
}

// Close stops the API and closes what Open opened.
func (e *Env) Close() {
	if e.app != nil {
		e.app.Shutdown()
	}
	if e.Redis != nil {
		e.Redis.Close()
	}
	if e.DB != nil {
		e.DB.Close()
	}
	if e.dir != "" {
		os.RemoveAll(e.dir)
	}
}
