// Package storetest opens fresh, migrated databases for tests: SQLite
// always, and PostgreSQL when TEST_DATABASE_URL is set. Each call gets its
// own SQLite file or its own PostgreSQL schema, so tests never see each
// other's rows.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/weishi-dev/weishi/server/sqlstore"
)

// Engines lists the engines available to this test run.
func Engines() []sqlstore.Engine {
	if os.Getenv("TEST_DATABASE_URL") != "" {
		return []sqlstore.Engine{sqlstore.SQLite, sqlstore.Postgres}
	}
	return []sqlstore.Engine{sqlstore.SQLite}
}

// Each runs fn as a subtest once per available engine, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// Open returns a fresh migrated database of the engine, closed (and for
// PostgreSQL dropped) when the test ends.
func Open(tb testing.TB, engine sqlstore.Engine) *sqlstore.DB {
	tb.Helper()
	ctx := context.Background()
	var db *sqlstore.DB
	var err error
	switch engine {
	case sqlstore.SQLite:
		db, err = sqlstore.OpenSQLiteFile(ctx, filepath.Join(tb.TempDir(), "test.db"))
	case sqlstore.Postgres:
		db, err = sqlstore.Open(ctx, FreshSchemaURL(tb), "")
	default:
		tb.Fatalf("unknown engine %q", engine)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// FreshSchemaURL creates an empty schema in TEST_DATABASE_URL's database
// and returns a URL whose connections use it. The schema is dropped when
// the test ends.
func FreshSchemaURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		tb.Skip("TEST_DATABASE_URL not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
