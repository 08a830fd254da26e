// Package config owns the server's configuration: defaults, the
// environment, command-line flags, and validation at start.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything the server reads at start.
type Config struct {
	Addr           string   // WEISHI_ADDR, listen address
	DataDir        string   // WEISHI_DATA_DIR, embedded database and uploads
	DatabaseURL    string   // DATABASE_URL, postgres://…; empty means embedded SQLite
	RedisURL       string   // REDIS_URL, redis://…; empty means in-process Redis
	AdminPassword  string   // WEISHI_ADMIN_PASSWORD, first admin's password
	Demo           *bool    // WEISHI_DEMO; nil means "on for a new embedded database"
	AllowedOrigins []string // WEISHI_ALLOWED_ORIGINS, extra origins for websockets and CORS
	LogFormat      string   // WEISHI_LOG_FORMAT: "text", "json" or "" (text on a terminal)
	// DocConverter (WEISHI_DOC_CONVERTER) converts uploaded DOCX files to
	// PDF: "" looks soffice up on PATH, "off" turns conversion off, any
	// other value is the soffice binary.
	DocConverter string
	// TrustedProxies (WEISHI_TRUSTED_PROXIES) are the IPs and CIDRs of the
	// reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are
	// believed; empty means nobody's are.
	TrustedProxies []string
	// ConnectTimeout (WEISHI_CONNECT_TIMEOUT) is how long the start waits,
	// retrying, for the database and Redis to answer.
	ConnectTimeout time.Duration
	RequestTimeout time.Duration
	ShutdownGrace  time.Duration
	// MasterDays (WEISHI_MASTER_DAYS) is the notebook's mastery rule: an
	// entry is mastered once its FSRS interval passes this many days.
	MasterDays int
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		Addr:           ":8080",
		DataDir:        "./data",
		ConnectTimeout: 60 * time.Second,
		RequestTimeout: 30 * time.Second,
		ShutdownGrace:  10 * time.Second,
		MasterDays:     30,
	}
}

// Load reads the environment, then flags from args (without the program
// name and subcommand), and validates the result. The error is one line.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := Defaults()
	if v := getenv("WEISHI_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("WEISHI_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	c.DatabaseURL = strings.TrimSpace(getenv("DATABASE_URL"))
	c.RedisURL = strings.TrimSpace(getenv("REDIS_URL"))
	c.AdminPassword = getenv("WEISHI_ADMIN_PASSWORD")
	c.LogFormat = getenv("WEISHI_LOG_FORMAT")
	c.DocConverter = strings.TrimSpace(getenv("WEISHI_DOC_CONVERTER"))
	demo := getenv("WEISHI_DEMO")
	if v := getenv("WEISHI_ALLOWED_ORIGINS"); v != "" {
		c.AllowedOrigins = splitList(v)
	}
	proxies := getenv("WEISHI_TRUSTED_PROXIES")
	connectTimeout := getenv("WEISHI_CONNECT_TIMEOUT")
	masterDays := getenv("WEISHI_MASTER_DAYS")

	fs := flag.NewFlagSet("weishi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (WEISHI_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "data directory (WEISHI_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL URL (DATABASE_URL); empty for embedded SQLite")
	fs.StringVar(&c.RedisURL, "redis-url", c.RedisURL, "Redis URL (REDIS_URL); empty for in-process Redis")
	fs.StringVar(&demo, "demo", demo, "load demo data: on|off (WEISHI_DEMO)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text|json (WEISHI_LOG_FORMAT)")
	fs.StringVar(&c.DocConverter, "doc-converter", c.DocConverter, "DOCX to PDF: empty finds soffice, off, or the soffice path (WEISHI_DOC_CONVERTER)")
	origins := strings.Join(c.AllowedOrigins, ",")
	fs.StringVar(&origins, "allowed-origins", origins, "extra allowed origins, comma separated (WEISHI_ALLOWED_ORIGINS)")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "reverse proxies (IPs or CIDRs, comma separated) whose X-Forwarded-* headers are believed (WEISHI_TRUSTED_PROXIES)")
	fs.StringVar(&connectTimeout, "connect-timeout", connectTimeout, "how long to wait for the database and Redis at start, e.g. 60s (WEISHI_CONNECT_TIMEOUT)")
	fs.StringVar(&masterDays, "master-days", masterDays, "a notebook entry is mastered once its review interval passes this many days (WEISHI_MASTER_DAYS, default 30)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}
	c.AllowedOrigins = splitList(origins)
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	if connectTimeout != "" {
		d, err := time.ParseDuration(strings.TrimSpace(connectTimeout))
		if err != nil {
			return Config{}, fmt.Errorf("config: WEISHI_CONNECT_TIMEOUT %q is not a duration like 60s", connectTimeout)
		}
		c.ConnectTimeout = d
	}
	if masterDays = strings.TrimSpace(masterDays); masterDays != "" {
		n, err := strconv.Atoi(masterDays)
		if err != nil {
			return Config{}, fmt.Errorf("config: WEISHI_MASTER_DAYS %q is not a whole number of days", masterDays)
		}
		c.MasterDays = n
	}

	if demo != "" {
		on, err := parseBool(demo)
		if err != nil {
			return Config{}, fmt.Errorf("config: WEISHI_DEMO: %w", err)
		}
		c.Demo = &on
	}
	return c, c.Validate()
}

// Validate reports the first bad value as a one-line error.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: WEISHI_ADDR %q is not host:port", c.Addr)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return errors.New("config: WEISHI_DATA_DIR is empty")
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return errors.New("config: DATABASE_URL must be a postgres:// URL")
		}
	}
	if c.RedisURL != "" {
		u, err := url.Parse(c.RedisURL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
			return errors.New("config: REDIS_URL must be a redis:// or rediss:// URL")
		}
	}
	for _, o := range c.AllowedOrigins {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			return fmt.Errorf("config: WEISHI_ALLOWED_ORIGINS: %q is not an origin like https://host:port", o)
		}
	}
	for _, p := range c.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return fmt.Errorf("config: WEISHI_TRUSTED_PROXIES: %q is not an IP address or CIDR like 10.0.0.0/8", p)
			}
		}
	}
	if c.ConnectTimeout < 0 || c.ConnectTimeout > time.Hour {
		return fmt.Errorf("config: WEISHI_CONNECT_TIMEOUT %s must be between 0 and 1h", c.ConnectTimeout)
	}
	switch c.LogFormat {
	case "", "text", "json":
	default:
		return fmt.Errorf("config: WEISHI_LOG_FORMAT %q is not text or json", c.LogFormat)
	}
	if c.MasterDays < 1 || c.MasterDays > 3650 {
		return fmt.Errorf("config: WEISHI_MASTER_DAYS %d must be between 1 and 3650", c.MasterDays)
	}
	if c.AdminPassword != "" && len(c.AdminPassword) < 8 {
		return errors.New("config: WEISHI_ADMIN_PASSWORD must have at least 8 characters")
	}
	return nil
}

// Embedded reports whether the database is the embedded SQLite file.
func (c Config) Embedded() bool { return c.DatabaseURL == "" }

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimRight(strings.TrimSpace(p), "/"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "on", "true", "yes":
		return true, nil
	case "0", "off", "false", "no":
		return false, nil
	}
	return false, fmt.Errorf("%q is not on or off", s)
}
