// Package live owns Weishi's shared live state on Redis: the cross-instance
// event bus (pub/sub), leaderboards (sorted sets), compare-and-swap state
// keys and per-key sequence numbers. It is the only package that imports
// go-redis; live-contest domain code reaches it through small interfaces
// wired in by the server.
//
// Every key and pub/sub channel the package touches is namespaced by a
// prefix (default "weishi:", see WithPrefix) so several deployments, or
// parallel test runs, can share one Redis without colliding.
//
// With an empty URL, Open starts an in-process Redis (miniredis) so a single
// instance runs without infrastructure; the embedded server is reachable on
// 127.0.0.1 and follows the wall clock for key expiry. It suits development
// and small contests only: miniredis sorts a whole sorted set on every range
// query, so Leaderboard.Top and Rank cost O(n log n) there (milliseconds at
// 10,000 members) against O(log n) on Redis.
//
// The package targets a single Redis server (or a Sentinel-managed primary),
// not Redis Cluster: Rebuild renames between two keys that need not share a
// hash slot.
package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/weishi-dev/weishi/server/safe"
)

// ErrNotFound is returned when a key, leaderboard member or state value does
// not exist (or has expired).
var ErrNotFound = errors.New("live: not found")

// DefaultPrefix namespaces keys and channels unless WithPrefix says otherwise.
const DefaultPrefix = "weishi:"

// DefaultSubscriptionBuffer is the number of messages a Subscription holds
// for a consumer that has not read them yet; see Subscribe.
const DefaultSubscriptionBuffer = 1024

// embeddedTick is how often the embedded server's TTLs are advanced by the
// real elapsed time; keys with a TTL expire at most this late.
const embeddedTick = 100 * time.Millisecond

// Option adjusts a Client at Open.
type Option func(*options)

type options struct {
	prefix    string
	subBuffer int
	guard     *safe.Guard
}

// WithPrefix namespaces every key and pub/sub channel with prefix
// (default DefaultPrefix). Clients that must see each other's state and
// events need the same prefix.
func WithPrefix(prefix string) Option {
	return func(o *options) { o.prefix = prefix }
}

// WithSubscriptionBuffer sets how many undelivered messages each
// Subscription buffers before it starts dropping (default
// DefaultSubscriptionBuffer). Values below 1 are treated as 1.
func WithSubscriptionBuffer(n int) Option {
	return func(o *options) { o.subBuffer = max(n, 1) }
}

// WithGuard sets what recovers the panics of the client's goroutines
// (subscription delivery, the embedded server's clock).
func WithGuard(g *safe.Guard) Option {
	return func(o *options) { o.guard = g }
}

// Client is a connection to the live-state Redis. It is safe for concurrent
// use. Close releases it together with its subscriptions and, when embedded,
// the in-process server.
type Client struct {
	rdb    *redis.Client
	url    string
	prefix string
	logger *slog.Logger

	subBuffer int
	guard     *safe.Guard

	casScript  *redis.Script
	topScript  *redis.Script
	rankScript *redis.Script

	// Embedded mode only.
	mr        *miniredis.Miniredis
	stopClock chan struct{}
	clockDone chan struct{}

	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	closed bool

	closeOnce sync.Once
	closeErr  error
}

// Open connects to the Redis at url, a redis:// or rediss:// URL as accepted
// by redis.ParseURL (e.g. "redis://:password@host:6379/0"), and checks it
// answers PING. When url is "", Open starts an embedded miniredis listening
// on a random 127.0.0.1 port instead; URL reports where, so another Client
// can join it. A nil logger discards logs.
//
// Open returns an error if the URL is invalid, the embedded server cannot
// listen, or the server does not answer within ctx.
func Open(ctx context.Context, url string, logger *slog.Logger, opts ...Option) (*Client, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	o := options{prefix: DefaultPrefix, subBuffer: DefaultSubscriptionBuffer}
	for _, opt := range opts {
		opt(&o)
	}
	c := &Client{
		url:        url,
		prefix:     o.prefix,
		logger:     logger,
		subBuffer:  o.subBuffer,
		guard:      o.guard,
		casScript:  redis.NewScript(casLua),
		topScript:  redis.NewScript(topLua),
		rankScript: redis.NewScript(rankLua),
		subs:       make(map[*Subscription]struct{}),
	}

	var ropts *redis.Options
	if url == "" {
		mr := miniredis.NewMiniRedis()
		if err := mr.StartAddr("127.0.0.1:0"); err != nil {
			return nil, fmt.Errorf("live: start embedded redis: %w", err)
		}
		c.mr = mr
		c.url = "redis://" + mr.Addr() + "/0"
		c.stopClock = make(chan struct{})
		c.clockDone = make(chan struct{})
		c.guard.Go("live.clock", func() { followClock(mr, c.stopClock, c.clockDone) })
		ropts = &redis.Options{Addr: mr.Addr()}
	} else {
		var err error
		ropts, err = redis.ParseURL(url)
		if err != nil {
			return nil, fmt.Errorf("live: parse redis url: %w", err)
		}
	}
	// CLIENT SETINFO is noise for miniredis and of no use to us.
	ropts.DisableIdentity = true
	c.rdb = redis.NewClient(ropts)

	if err := c.Ping(ctx); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("live: open: %w", err)
	}
	if c.mr != nil {
		logger.Info("live: embedded redis started", "addr", c.mr.Addr())
	}
	return c, nil
}

// followClock advances the embedded server's TTLs by the real elapsed time,
// because miniredis only expires keys when told time has passed. Ticking is
// cheaper than miniredis' ClockTTL mode, which walks and sorts every key on
// every command.
func followClock(mr *miniredis.Miniredis, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(embeddedTick)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			mr.FastForward(now.Sub(last))
			last = now
		}
	}
}

// Close closes every open Subscription, the connection pool and, when
// embedded, stops the in-process server. Calling it again returns the
// first call's result. Operations after Close fail with redis.ErrClosed.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		subs := make([]*Subscription, 0, len(c.subs))
		for s := range c.subs {
			subs = append(subs, s)
		}
		c.mu.Unlock()

		var errs []error
		for _, s := range subs {
			errs = append(errs, s.Close())
		}
		if c.rdb != nil {
			errs = append(errs, c.rdb.Close())
		}
		if c.mr != nil {
			close(c.stopClock)
			<-c.clockDone
			c.mr.Close()
		}
		c.closeErr = errors.Join(errs...)
	})
	return c.closeErr
}

// Ping reports whether Redis answers, for readiness checks.
func (c *Client) Ping(ctx context.Context) error {
	if err := c.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("live: ping: %w", err)
	}
	return nil
}

// Embedded reports whether the Client runs its own in-process Redis.
func (c *Client) Embedded() bool { return c.mr != nil }

// URL returns the redis:// URL the Client is connected to: the embedded
// server's address when Embedded, otherwise the URL given to Open, which may
// carry a password and must not be logged.
func (c *Client) URL() string { return c.url }

func (c *Client) key(kind, name string) string { return c.prefix + kind + ":" + name }
