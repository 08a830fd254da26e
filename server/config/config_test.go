package config

import (
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", check: func(t *testing.T, c Config) {
			if c.Addr != ":8080" || c.DataDir != "./data" || !c.Embedded() || c.Demo != nil {
				t.Fatalf("unexpected defaults %+v", c)
			}
		}},
		{name: "env", env: map[string]string{"WEISHI_ADDR": "127.0.0.1:9000", "DATABASE_URL": "postgres://u@h/db", "REDIS_URL": "redis://h:6379/0", "WEISHI_DEMO": "off", "WEISHI_ALLOWED_ORIGINS": "https://a.example, http://b:8080/"},
			check: func(t *testing.T, c Config) {
				if c.Addr != "127.0.0.1:9000" || c.Embedded() || *c.Demo || len(c.AllowedOrigins) != 2 || c.AllowedOrigins[1] != "http://b:8080" {
					t.Fatalf("got %+v", c)
				}
			}},
		{name: "flag overrides env", env: map[string]string{"WEISHI_ADDR": ":1"}, args: []string{"-addr", ":2"},
			check: func(t *testing.T, c Config) {
				if c.Addr != ":2" {
					t.Fatalf("addr %q", c.Addr)
				}
			}},
		{name: "bad addr", env: map[string]string{"WEISHI_ADDR": "8080"}, wantErr: "WEISHI_ADDR"},
		{name: "bad db", env: map[string]string{"DATABASE_URL": "mysql://x"}, wantErr: "DATABASE_URL"},
		{name: "bad redis", env: map[string]string{"REDIS_URL": "http://x"}, wantErr: "REDIS_URL"},
		{name: "bad demo", env: map[string]string{"WEISHI_DEMO": "maybe"}, wantErr: "WEISHI_DEMO"},
		{name: "bad origin", env: map[string]string{"WEISHI_ALLOWED_ORIGINS": "example.com"}, wantErr: "WEISHI_ALLOWED_ORIGINS"},
		{name: "short admin password", env: map[string]string{"WEISHI_ADMIN_PASSWORD": "abc"}, wantErr: "WEISHI_ADMIN_PASSWORD"},
		{name: "stray argument", args: []string{"extra"}, wantErr: "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.args, env(tt.env), io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("want one-line error containing %q, got %v", tt.wantErr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
