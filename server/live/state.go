package live

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// casLua swaps KEYS[1] from ARGV[2] to ARGV[3] if it currently holds
// ARGV[2] (ARGV[1] == "1") or is absent (ARGV[1] == "0"). ARGV[4] is "set"
// or "del"; ARGV[5] a TTL in milliseconds, "0" for none. Returns 1 when
// swapped, 0 otherwise. Locals only: Redis 7 rejects global variables.
const casLua = `
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if cur then
    return 0
  end
elseif cur ~= ARGV[2] then
  return 0
end
if ARGV[4] == 'del' then
  redis.call('DEL', KEYS[1])
elseif ARGV[5] ~= '0' then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[5])
else
  redis.call('SET', KEYS[1], ARGV[3])
end
return 1
`

// Get returns the value stored under key, or ErrNotFound if it is absent
// or expired.
func (c *Client) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := c.rdb.Get(ctx, c.key("kv", key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("live: get %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("live: get %q: %w", key, err)
	}
	return v, nil
}

// Set stores value under key unconditionally. A ttl > 0 makes the key
// expire after ttl (rounded up to a millisecond); ttl <= 0 keeps it until
// overwritten, clearing any earlier expiry.
func (c *Client) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := c.rdb.Set(ctx, c.key("kv", key), value, ttlArg(ttl)).Err(); err != nil {
		return fmt.Errorf("live: set %q: %w", key, err)
	}
	return nil
}

// CompareAndSwap atomically replaces the value under key with new if it
// currently holds old, for state transitions that several instances may
// race on. old == nil means the key must be absent (a non-nil empty slice
// matches a stored empty value); new == nil deletes the key. The TTL applies
// to the new value as in Set.
//
// It reports whether the swap happened: false with a nil error means the
// current value did not match. Errors are Redis failures, e.g. the key
// holding a non-string type.
func (c *Client) CompareAndSwap(ctx context.Context, key string, old, new []byte, ttl time.Duration) (bool, error) {
	mustExist, action := "1", "set"
	if old == nil {
		mustExist = "0"
	}
	if new == nil {
		action = "del"
	}
	ms := "0"
	if d := ttlArg(ttl); d > 0 {
		ms = strconv.FormatInt(d.Milliseconds(), 10)
	}
	n, err := c.casScript.Run(ctx, c.rdb, []string{c.key("kv", key)},
		mustExist, old, new, action, ms).Int()
	if err != nil {
		return false, fmt.Errorf("live: compare and swap %q: %w", key, err)
	}
	return n == 1, nil
}

// NextSeq increments and returns the counter under key: 1 on first use,
// then strictly increasing and never repeated across all Clients sharing
// the Redis, for numbering messages so receivers can spot gaps. Counters
// live apart from Get/Set keys and never expire.
func (c *Client) NextSeq(ctx context.Context, key string) (int64, error) {
	n, err := c.rdb.Incr(ctx, c.key("seq", key)).Result()
	if err != nil {
		return 0, fmt.Errorf("live: next seq %q: %w", key, err)
	}
	return n, nil
}

// ttlArg rounds a positive ttl up to whole milliseconds, the PX resolution,
// and maps ttl <= 0 to 0 (no expiry).
func ttlArg(ttl time.Duration) time.Duration {
	if ttl <= 0 {
		return 0
	}
	return (ttl + time.Millisecond - 1).Truncate(time.Millisecond)
}
