package config

import (
	"io"
	"strings"
	"testing"
	"time"
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
		{name: "trusted proxies and connect timeout", env: map[string]string{"WEISHI_TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,fd00::/8", "WEISHI_CONNECT_TIMEOUT": "90s"},
			check: func(t *testing.T, c Config) {
				if len(c.TrustedProxies) != 3 || c.TrustedProxies[0] != "10.0.0.0/8" || c.TrustedProxies[1] != "192.168.1.7" || c.ConnectTimeout != 90*time.Second {
					t.Fatalf("got %+v", c)
				}
			}},
		{name: "connect timeout default and no proxies", check: func(t *testing.T, c Config) {
			if c.ConnectTimeout != time.Minute || len(c.TrustedProxies) != 0 {
				t.Fatalf("got %+v", c)
			}
		}},
		{name: "connect timeout zero means one try", env: map[string]string{"WEISHI_CONNECT_TIMEOUT": "0s"}, check: func(t *testing.T, c Config) {
			if c.ConnectTimeout != 0 {
				t.Fatalf("got %v", c.ConnectTimeout)
			}
		}},
		{name: "trusted proxies flag", args: []string{"-trusted-proxies", "127.0.0.1"}, check: func(t *testing.T, c Config) {
			if len(c.TrustedProxies) != 1 || c.TrustedProxies[0] != "127.0.0.1" {
				t.Fatalf("got %+v", c.TrustedProxies)
			}
		}},
		{name: "bad trusted proxy", env: map[string]string{"WEISHI_TRUSTED_PROXIES": "10.0.0.0/8,proxy.example"}, wantErr: "WEISHI_TRUSTED_PROXIES"},
		{name: "bad trusted cidr", env: map[string]string{"WEISHI_TRUSTED_PROXIES": "10.0.0.0/99"}, wantErr: "WEISHI_TRUSTED_PROXIES"},
		{name: "master days default", check: func(t *testing.T, c Config) {
			if c.MasterDays != 30 {
				t.Fatalf("master days %d", c.MasterDays)
			}
		}},
		{name: "master days env and flag", env: map[string]string{"WEISHI_MASTER_DAYS": " 45 "}, check: func(t *testing.T, c Config) {
			if c.MasterDays != 45 {
				t.Fatalf("master days %d", c.MasterDays)
			}
		}},
		{name: "master days flag overrides env", env: map[string]string{"WEISHI_MASTER_DAYS": "45"}, args: []string{"-master-days", "60"}, check: func(t *testing.T, c Config) {
			if c.MasterDays != 60 {
				t.Fatalf("master days %d", c.MasterDays)
			}
		}},
		{name: "bad master days", env: map[string]string{"WEISHI_MASTER_DAYS": "a month"}, wantErr: "WEISHI_MASTER_DAYS"},
		{name: "master days out of range", env: map[string]string{"WEISHI_MASTER_DAYS": "0"}, wantErr: "WEISHI_MASTER_DAYS"},
		{name: "bad connect timeout", env: map[string]string{"WEISHI_CONNECT_TIMEOUT": "sixty"}, wantErr: "WEISHI_CONNECT_TIMEOUT"},
		{name: "negative connect timeout", env: map[string]string{"WEISHI_CONNECT_TIMEOUT": "-5s"}, wantErr: "WEISHI_CONNECT_TIMEOUT"},
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
