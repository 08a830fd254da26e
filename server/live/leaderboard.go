package live

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// rebuildChunk is how many members one ZADD carries while Rebuild fills
// its temporary key.
const rebuildChunk = 500

// rebuildGuardTTL expires a half-built temporary board if Rebuild dies
// before renaming it.
const rebuildGuardTTL = 10 * time.Minute

// Entry is one member's standing on a Leaderboard.
type Entry struct {
	Member string
	Score  float64
	// Rank is 1-based competition rank: one plus the number of members
	// with a strictly higher score, so equal scores share a rank
	// ("1, 2, 2, 4").
	Rank int
}

// Leaderboard is a named sorted set of member scores, higher is better,
// shared by every Client with the same Redis and prefix.
//
// Ties are deterministic: equal scores share a Rank, and Top lists members
// with equal scores in ascending byte order of their names. A caller that
// wants ties broken by time (first to reach a score wins) folds that into
// the score itself.
type Leaderboard struct {
	c   *Client
	key string
}

// Leaderboard returns the board called name. Nothing is created in Redis
// until a member is added.
func (c *Client) Leaderboard(name string) *Leaderboard {
	return &Leaderboard{c: c, key: c.key("lb", name)}
}

// Incr adds delta (which may be negative) to member's score, adding the
// member with score delta if absent, and returns the new score. It fails if
// delta is NaN or infinite.
func (b *Leaderboard) Incr(ctx context.Context, member string, delta float64) (float64, error) {
	if math.IsNaN(delta) || math.IsInf(delta, 0) {
		return 0, fmt.Errorf("live: leaderboard incr %q: delta %v is not finite", member, delta)
	}
	score, err := b.c.rdb.ZIncrBy(ctx, b.key, delta, member).Result()
	if err != nil {
		return 0, fmt.Errorf("live: leaderboard incr %q: %w", member, err)
	}
	return score, nil
}

// topLua returns the n best members as {member, score, ...} and, when the
// board has at least n members, also up to n members whose score equals
// the n-th score in ascending member order, so the caller can pick the
// tie group's first names rather than Redis' reverse-order ones. Scores
// travel as Redis' strings: a Lua number would be truncated to an integer.
const topLua = `
local n = tonumber(ARGV[1])
local top = redis.call('ZREVRANGE', KEYS[1], 0, n - 1, 'WITHSCORES')
if #top < 2 * n then
  return {top}
end
local last = top[#top]
return {top, redis.call('ZRANGEBYSCORE', KEYS[1], last, last, 'LIMIT', 0, n)}
`

// Top returns up to n entries, best first, ordered by score descending then
// member ascending; see Leaderboard for ranks. The result is one atomic
// snapshot. It is empty if the board is empty or n < 1.
func (b *Leaderboard) Top(ctx context.Context, n int) ([]Entry, error) {
	if n < 1 {
		return []Entry{}, nil
	}
	res, err := b.c.topScript.Run(ctx, b.c.rdb, []string{b.key}, n).Slice()
	if err != nil {
		return nil, fmt.Errorf("live: leaderboard top: %w", err)
	}
	entries, err := parseTop(res)
	if err != nil {
		return nil, fmt.Errorf("live: leaderboard top: %w", err)
	}
	return entries, nil
}

func parseTop(res []any) ([]Entry, error) {
	if len(res) == 0 {
		return nil, errors.New("empty script reply")
	}
	flat, ok := res[0].([]any)
	if !ok || len(flat)%2 != 0 {
		return nil, fmt.Errorf("unexpected script reply %T", res[0])
	}
	entries := make([]Entry, 0, len(flat)/2)
	for i := 0; i < len(flat); i += 2 {
		member, _ := flat[i].(string)
		score, err := parseScore(flat[i+1])
		if err != nil {
			return nil, err
		}
		entries = append(entries, Entry{Member: member, Score: score})
	}

	if len(res) > 1 && len(entries) > 0 {
		// The tie group at the cut-off may continue past n; keep its
		// smallest names. Members above the cut-off score are all in
		// entries already.
		ties, ok := res[1].([]any)
		if !ok {
			return nil, fmt.Errorf("unexpected script reply %T", res[1])
		}
		n := len(entries)
		last := entries[n-1].Score
		entries = slices.DeleteFunc(entries, func(e Entry) bool { return e.Score == last })
		for _, t := range ties {
			if len(entries) == n {
				break
			}
			member, _ := t.(string)
			entries = append(entries, Entry{Member: member, Score: last})
		}
	}

	slices.SortFunc(entries, func(a, b Entry) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Member, b.Member)
	})
	for i := range entries {
		if i > 0 && entries[i].Score == entries[i-1].Score {
			entries[i].Rank = entries[i-1].Rank
		} else {
			entries[i].Rank = i + 1
		}
	}
	return entries, nil
}

func parseScore(v any) (float64, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("unexpected score type %T", v)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("parse score: %w", err)
	}
	return f, nil
}

// rankLua returns {score, members strictly above} for ARGV[1], or nil if
// the member is absent. The score string round-trips exactly through
// ZCOUNT's exclusive bound.
const rankLua = `
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s then
  return false
end
return {s, redis.call('ZCOUNT', KEYS[1], '(' .. s, '+inf')}
`

// Rank returns member's score and rank (see Leaderboard), or ErrNotFound if
// the member is not on the board.
func (b *Leaderboard) Rank(ctx context.Context, member string) (Entry, error) {
	res, err := b.c.rankScript.Run(ctx, b.c.rdb, []string{b.key}, member).Slice()
	if errors.Is(err, redis.Nil) {
		return Entry{}, fmt.Errorf("live: leaderboard rank %q: %w", member, ErrNotFound)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("live: leaderboard rank %q: %w", member, err)
	}
	if len(res) != 2 {
		return Entry{}, fmt.Errorf("live: leaderboard rank %q: unexpected script reply", member)
	}
	score, err := parseScore(res[0])
	if err != nil {
		return Entry{}, fmt.Errorf("live: leaderboard rank %q: %w", member, err)
	}
	above, ok := res[1].(int64)
	if !ok {
		return Entry{}, fmt.Errorf("live: leaderboard rank %q: unexpected count %T", member, res[1])
	}
	return Entry{Member: member, Score: score, Rank: int(above) + 1}, nil
}

// Len returns the number of members on the board (0 if it does not exist).
func (b *Leaderboard) Len(ctx context.Context) (int, error) {
	n, err := b.c.rdb.ZCard(ctx, b.key).Result()
	if err != nil {
		return 0, fmt.Errorf("live: leaderboard len: %w", err)
	}
	return int(n), nil
}

// Delete removes the whole board. Deleting a missing board is not an error.
func (b *Leaderboard) Delete(ctx context.Context) error {
	if err := b.c.rdb.Del(ctx, b.key).Err(); err != nil {
		return fmt.Errorf("live: leaderboard delete: %w", err)
	}
	return nil
}

// Rebuild replaces the board with entries (member to score) in one atomic
// step: readers see either the old board or the complete new one, never a
// mix. It fills a temporary key, then swaps it in with RENAME inside MULTI.
// Increments that land between the caller's snapshot and the swap are
// overwritten, so rebuild from the source of truth while scoring is paused.
// An empty map deletes the board. Scores must be finite.
func (b *Leaderboard) Rebuild(ctx context.Context, entries map[string]float64) error {
	if len(entries) == 0 {
		return b.Delete(ctx)
	}
	members := make([]redis.Z, 0, len(entries))
	for m, s := range entries {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return fmt.Errorf("live: leaderboard rebuild: score %v of %q is not finite", s, m)
		}
		members = append(members, redis.Z{Member: m, Score: s})
	}

	tmp := b.key + ":rebuild:" + rand.Text()
	pipe := b.c.rdb.Pipeline()
	for chunk := range slices.Chunk(members, rebuildChunk) {
		pipe.ZAdd(ctx, tmp, chunk...)
		if pipe.Len() == 1 {
			pipe.Expire(ctx, tmp, rebuildGuardTTL)
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		b.dropTemp(tmp)
		return fmt.Errorf("live: leaderboard rebuild: fill: %w", err)
	}

	_, err := b.c.rdb.TxPipelined(ctx, func(tx redis.Pipeliner) error {
		tx.Rename(ctx, tmp, b.key)
		tx.Persist(ctx, b.key) // RENAME carries the guard TTL over
		return nil
	})
	if err != nil {
		b.dropTemp(tmp)
		return fmt.Errorf("live: leaderboard rebuild: swap: %w", err)
	}
	return nil
}

// dropTemp deletes a temporary board best-effort: the caller's ctx may be
// what failed, and the guard TTL cleans up if this fails too.
func (b *Leaderboard) dropTemp(tmp string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := b.c.rdb.Del(ctx, tmp).Err(); err != nil {
		b.c.logger.Warn("live: leaderboard rebuild: drop temporary key", "key", tmp, "err", err)
	}
}
