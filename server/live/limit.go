package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// hitScript counts one event in a fixed window that starts with the first
// event: INCR, and set the expiry only when the key is new.
var hitScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`)

// Hit counts one event for key in a window of length window and returns
// the count so far and the time until the window ends. Counters are shared
// by every instance on the same Redis, so limits hold across a cluster.
func (c *Client) Hit(ctx context.Context, key string, window time.Duration) (int64, time.Duration, error) {
	if window < time.Millisecond {
		return 0, 0, fmt.Errorf("live: hit %q: window must be at least 1ms", key)
	}
	res, err := hitScript.Run(ctx, c.rdb, []string{c.key("rl", key)}, window.Milliseconds()).Int64Slice()
	if err != nil {
		return 0, 0, fmt.Errorf("live: hit %q: %w", key, err)
	}
	return res[0], ttlOf(res[1], window), nil
}

// Peek returns the count for key and the time until its window ends,
// without counting. An unknown key has count 0.
func (c *Client) Peek(ctx context.Context, key string) (int64, time.Duration, error) {
	k := c.key("rl", key)
	pipe := c.rdb.Pipeline()
	get := pipe.Get(ctx, k)
	ttl := pipe.PTTL(ctx, k)
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return 0, 0, fmt.Errorf("live: peek %q: %w", key, err)
	}
	n, err := get.Int64()
	if errors.Is(err, redis.Nil) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("live: peek %q: %w", key, err)
	}
	return n, ttlOf(ttl.Val().Milliseconds(), 0), nil
}

// Reset forgets the count for key.
func (c *Client) Reset(ctx context.Context, key string) error {
	if err := c.rdb.Del(ctx, c.key("rl", key)).Err(); err != nil {
		return fmt.Errorf("live: reset %q: %w", key, err)
	}
	return nil
}

func ttlOf(ms int64, fallback time.Duration) time.Duration {
	if ms < 0 {
		return fallback
	}
	return time.Duration(ms) * time.Millisecond
}
