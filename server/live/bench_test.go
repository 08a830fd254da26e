package live

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// Benchmarks use TEST_REDIS_URL when set, else the embedded server:
//
//	go test -run '^$' -bench Leaderboard ./server/live/
//	TEST_REDIS_URL=redis://127.0.0.1:6379/0 go test -run '^$' -bench Leaderboard ./server/live/

const benchMembers = 10_000

func benchBoard(b *testing.B) (*Leaderboard, []string) {
	b.Helper()
	var c *Client
	if os.Getenv("TEST_REDIS_URL") != "" {
		c = openRedis(b)
	} else {
		c = openEmbedded(b)
	}
	lb := c.Leaderboard("bench")
	members := make([]string, benchMembers)
	entries := make(map[string]float64, benchMembers)
	for i := range members {
		members[i] = fmt.Sprintf("player-%05d", i)
		entries[members[i]] = float64((i * 7919) % 5000) // plenty of ties
	}
	if err := lb.Rebuild(context.Background(), entries); err != nil {
		b.Fatal(err)
	}
	return lb, members
}

func BenchmarkLeaderboardIncr(b *testing.B) {
	lb, members := benchBoard(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := lb.Incr(ctx, members[i%benchMembers], 10); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkLeaderboardIncrParallel is many players answering at once
// through one Client's connection pool.
func BenchmarkLeaderboardIncrParallel(b *testing.B) {
	lb, members := benchBoard(b)
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := lb.Incr(ctx, members[i%benchMembers], 10); err != nil {
				b.Error(err)
				return
			}
			i += 7
		}
	})
}

func BenchmarkLeaderboardTop20(b *testing.B) {
	lb, _ := benchBoard(b)
	ctx := context.Background()
	for b.Loop() {
		top, err := lb.Top(ctx, 20)
		if err != nil {
			b.Fatal(err)
		}
		if len(top) != 20 {
			b.Fatalf("Top(20) returned %d entries", len(top))
		}
	}
}

func BenchmarkLeaderboardRank(b *testing.B) {
	lb, members := benchBoard(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := lb.Rank(ctx, members[i%benchMembers]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
