package live

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const recvTimeout = 5 * time.Second

// runSuite is the behaviour every backend must show. open returns a Client
// with a namespace of its own, closed when the test ends.
func runSuite(t *testing.T, open func(testing.TB) *Client) {
	t.Run("Ping", func(t *testing.T) {
		t.Parallel()
		if err := open(t).Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Bus", func(t *testing.T) {
		t.Parallel()
		testBus(t, open)
	})
	t.Run("Leaderboard", func(t *testing.T) {
		t.Parallel()
		testLeaderboard(t, open)
	})
	t.Run("State", func(t *testing.T) {
		t.Parallel()
		testState(t, open)
	})
	t.Run("Close", func(t *testing.T) {
		t.Parallel()
		testClose(t, open)
	})
	t.Run("RateLimit", func(t *testing.T) {
		t.Parallel()
		testRateLimit(t, open)
	})
	t.Run("Presence", func(t *testing.T) {
		t.Parallel()
		testPresence(t, open)
	})
}

func testBus(t *testing.T, open func(testing.TB) *Client) {
	ctx := context.Background()

	t.Run("CrossInstance", func(t *testing.T) {
		t.Parallel()
		a := open(t)
		b := openPeer(t, a)
		sub := mustSubscribe(t, a, "contest:1", "contest:2")

		// b publishes, a (another "instance") receives, in order.
		mustPublish(t, b, "contest:other", "not for a")
		for i := range 5 {
			mustPublish(t, b, "contest:1", fmt.Sprint("one-", i))
		}
		mustPublish(t, b, "contest:2", "two")

		var got []Message
		for range 6 {
			got = append(got, recv(t, sub))
		}
		want := []Message{
			{"contest:1", []byte("one-0")}, {"contest:1", []byte("one-1")},
			{"contest:1", []byte("one-2")}, {"contest:1", []byte("one-3")},
			{"contest:1", []byte("one-4")}, {"contest:2", []byte("two")},
		}
		if !slices.EqualFunc(got, want, messageEqual) {
			t.Fatalf("received %q, want %q", got, want)
		}
		expectNoMessage(t, sub, 100*time.Millisecond)
	})

	t.Run("FanOutToEverySubscriber", func(t *testing.T) {
		t.Parallel()
		a := open(t)
		b := openPeer(t, a)
		subs := []*Subscription{
			mustSubscribe(t, a, "q"), mustSubscribe(t, a, "q"), mustSubscribe(t, b, "q"),
		}
		mustPublish(t, a, "q", "hello")
		for i, s := range subs {
			if m := recv(t, s); string(m.Payload) != "hello" {
				t.Errorf("subscriber %d got %q", i, m.Payload)
			}
		}
	})

	t.Run("PrefixIsolates", func(t *testing.T) {
		t.Parallel()
		a := open(t)
		other := openPeer(t, a, WithPrefix(a.prefix+"other:"))
		sub := mustSubscribe(t, a, "t")
		mustPublish(t, other, "t", "wrong namespace")
		mustPublish(t, a, "t", "right namespace")
		if m := recv(t, sub); string(m.Payload) != "right namespace" {
			t.Fatalf("got %q from another namespace", m.Payload)
		}
	})

	t.Run("SlowSubscriberDropsNewest", func(t *testing.T) {
		t.Parallel()
		a := open(t)
		slow := openPeer(t, a, WithSubscriptionBuffer(2))
		sub := mustSubscribe(t, slow, "burst")
		fast := mustSubscribe(t, a, "burst")

		const total = 50
		start := time.Now()
		for i := range total {
			mustPublish(t, a, "burst", fmt.Sprint(i))
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("publishing to a stalled subscriber took %v", d)
		}
		// The fast subscriber is unaffected by the stalled one.
		for i := range total {
			if m := recv(t, fast); string(m.Payload) != fmt.Sprint(i) {
				t.Fatalf("fast subscriber message %d = %q", i, m.Payload)
			}
		}
		waitFor(t, func() bool { return sub.Dropped() == total-2 }, "slow subscriber to drop 48")
		for i := range 2 {
			if m := recv(t, sub); string(m.Payload) != fmt.Sprint(i) {
				t.Fatalf("slow subscriber kept %q, want the oldest %d", m.Payload, i)
			}
		}
		expectNoMessage(t, sub, 50*time.Millisecond)
	})

	t.Run("SubscribeErrors", func(t *testing.T) {
		t.Parallel()
		a := open(t)
		if _, err := a.Subscribe(ctx); err == nil {
			t.Error("Subscribe with no topics succeeded")
		}
	})

	t.Run("CloseEndsChannel", func(t *testing.T) {
		t.Parallel()
		a := open(t)
		sub := mustSubscribe(t, a, "t")
		mustPublish(t, a, "t", "before close")
		waitFor(t, func() bool { return len(sub.C()) == 1 }, "message buffered")
		if err := sub.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := sub.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		// Buffered messages survive Close, then the channel is closed.
		if m, ok := <-sub.C(); !ok || string(m.Payload) != "before close" {
			t.Fatalf("after Close got %q, %v", m.Payload, ok)
		}
		if _, ok := <-sub.C(); ok {
			t.Fatal("C still open after Close")
		}
		// Publishing with no subscriber left is fine.
		mustPublish(t, a, "t", "nobody listens")
	})
}

func testLeaderboard(t *testing.T, open func(testing.TB) *Client) {
	ctx := context.Background()

	t.Run("IncrTopRank", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		lb := c.Leaderboard("contest:1")
		for _, step := range []struct {
			member string
			delta  float64
			want   float64
		}{
			{"li", 100, 100}, {"wang", 250, 250}, {"zhang", 50, 50},
			{"li", 75.5, 175.5}, {"zhang", -20, 30},
		} {
			got, err := lb.Incr(ctx, step.member, step.delta)
			if err != nil {
				t.Fatalf("Incr(%s, %v): %v", step.member, step.delta, err)
			}
			if got != step.want {
				t.Fatalf("Incr(%s, %v) = %v, want %v", step.member, step.delta, got, step.want)
			}
		}
		assertTop(t, lb, 10, []Entry{{"wang", 250, 1}, {"li", 175.5, 2}, {"zhang", 30, 3}})
		assertTop(t, lb, 2, []Entry{{"wang", 250, 1}, {"li", 175.5, 2}})
		assertRank(t, lb, Entry{"li", 175.5, 2})
		assertLen(t, lb, 3)

		// The board is shared across instances.
		peer := openPeer(t, c).Leaderboard("contest:1")
		if _, err := peer.Incr(ctx, "zhang", 1000); err != nil {
			t.Fatal(err)
		}
		assertRank(t, lb, Entry{"zhang", 1030, 1})

		if _, err := lb.Rank(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Rank(absent) error = %v, want ErrNotFound", err)
		}
		if _, err := lb.Incr(ctx, "li", math.NaN()); err == nil {
			t.Error("Incr with NaN succeeded")
		}
		if _, err := lb.Incr(ctx, "li", math.Inf(1)); err == nil {
			t.Error("Incr with +Inf succeeded")
		}
		assertTop(t, lb, 0, []Entry{})
		assertTop(t, c.Leaderboard("empty"), 5, []Entry{})
		assertLen(t, c.Leaderboard("empty"), 0)
	})

	t.Run("Ties", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		lb := c.Leaderboard("ties")
		// Fractional scores check that the cut-off score survives the trip
		// through Lua and ZRANGEBYSCORE exactly.
		mustRebuild(t, lb, map[string]float64{
			"erin": 0.1, "dave": 0.3, "bob": 0.3, "carol": 0.3, "zoe": 0.3,
			"amy": 1e9, "fay": 0.1, "ann": 0.1,
		})
		all := []Entry{
			{"amy", 1e9, 1},
			{"bob", 0.3, 2}, {"carol", 0.3, 2}, {"dave", 0.3, 2}, {"zoe", 0.3, 2},
			{"ann", 0.1, 6}, {"erin", 0.1, 6}, {"fay", 0.1, 6},
		}
		for n := 1; n <= len(all)+1; n++ {
			assertTop(t, lb, n, all[:min(n, len(all))])
		}
		for _, e := range all {
			assertRank(t, lb, e)
		}

		// A large tie group at the cut-off, as at the start of a contest
		// when everyone has 0 points: Top takes the smallest names.
		zero := map[string]float64{"leader": 5}
		for i := range 300 {
			zero[fmt.Sprintf("p%03d", 299-i)] = 0
		}
		mustRebuild(t, lb, zero)
		assertTop(t, lb, 4, []Entry{{"leader", 5, 1}, {"p000", 0, 2}, {"p001", 0, 2}, {"p002", 0, 2}})
		assertRank(t, lb, Entry{"p299", 0, 2})
	})

	t.Run("Rebuild", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		lb := c.Leaderboard("rebuild")
		for _, m := range []string{"old1", "old2", "old3"} {
			if _, err := lb.Incr(ctx, m, 1); err != nil {
				t.Fatal(err)
			}
		}
		mustRebuild(t, lb, map[string]float64{"new1": 10, "new2": 20})
		assertTop(t, lb, 10, []Entry{{"new2", 20, 1}, {"new1", 10, 2}})
		if _, err := lb.Rank(ctx, "old1"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Rank(old1) after Rebuild error = %v, want ErrNotFound", err)
		}
		// The board must not inherit the temporary key's guard TTL, and
		// no temporary key may be left behind.
		if ttl, err := c.rdb.TTL(ctx, lb.key).Result(); err != nil || ttl != -1 {
			t.Errorf("TTL after Rebuild = %v, %v; want -1 (none)", ttl, err)
		}
		if keys, err := c.rdb.Keys(ctx, lb.key+":*").Result(); err != nil || len(keys) != 0 {
			t.Errorf("leftover keys %q, %v", keys, err)
		}
		if err := lb.Rebuild(ctx, map[string]float64{"x": math.NaN()}); err == nil {
			t.Error("Rebuild with NaN succeeded")
		}
		assertLen(t, lb, 2)

		mustRebuild(t, lb, nil)
		assertLen(t, lb, 0)
		if err := lb.Delete(ctx); err != nil {
			t.Errorf("Delete of a missing board: %v", err)
		}
	})

	t.Run("RebuildIsAtomicForReaders", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		lb := c.Leaderboard("swap")
		boards := []map[string]float64{make(map[string]float64), make(map[string]float64)}
		for i := range 1200 { // more than one ZADD chunk
			boards[0][fmt.Sprint("a", i)] = float64(i)
		}
		for i := range 2100 {
			boards[1][fmt.Sprint("b", i)] = float64(i)
		}
		mustRebuild(t, lb, boards[0])

		reader := openPeer(t, c).Leaderboard("swap")
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var seen sync.Map
		var reads atomic.Int64
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				n, err := reader.Len(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				seen.Store(n, true)
				reads.Add(1)
			}
		})
		for i := range 10 {
			mustRebuild(t, lb, boards[(i+1)%2])
		}
		close(stop)
		wg.Wait()
		if reads.Load() == 0 {
			t.Fatal("reader never ran during the rebuilds")
		}
		seen.Range(func(n, _ any) bool {
			if n != 1200 && n != 2100 {
				t.Errorf("reader saw a board of %d members mid-rebuild", n)
			}
			return true
		})
		assertLen(t, lb, 1200)
	})

	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		lb := c.Leaderboard("del")
		other := c.Leaderboard("kept")
		for _, b := range []*Leaderboard{lb, other} {
			if _, err := b.Incr(ctx, "m", 1); err != nil {
				t.Fatal(err)
			}
		}
		if err := lb.Delete(ctx); err != nil {
			t.Fatal(err)
		}
		assertLen(t, lb, 0)
		assertLen(t, other, 1)
	})
}

func testState(t *testing.T, open func(testing.TB) *Client) {
	ctx := context.Background()

	t.Run("CompareAndSwap", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		peer := openPeer(t, c)
		for _, step := range []struct {
			name     string
			old, new []byte
			want     bool
			value    []byte // after the step; nil means absent
		}{
			{"create when absent", nil, []byte("lobby"), true, []byte("lobby")},
			{"create when present", nil, []byte("other"), false, []byte("lobby")},
			{"wrong old value", []byte("question:1"), []byte("question:2"), false, []byte("lobby")},
			{"right old value", []byte("lobby"), []byte("question:1"), true, []byte("question:1")},
			{"replay of a done step", []byte("lobby"), []byte("question:1"), false, []byte("question:1")},
			{"to empty value", []byte("question:1"), []byte{}, true, []byte{}},
			{"empty is not absent", nil, []byte("x"), false, []byte{}},
			{"from empty value", []byte{}, []byte("ended"), true, []byte("ended")},
			{"delete", []byte("ended"), nil, true, nil},
			{"delete absent", []byte("ended"), nil, false, nil},
			{"binary values", nil, []byte{0, 0xff, '\n', 0}, true, []byte{0, 0xff, '\n', 0}},
		} {
			ok, err := c.CompareAndSwap(ctx, "contest:1:state", step.old, step.new, 0)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if ok != step.want {
				t.Fatalf("%s: swapped = %v, want %v", step.name, ok, step.want)
			}
			// Another instance sees the result.
			got, err := peer.Get(ctx, "contest:1:state")
			switch {
			case step.value == nil && !errors.Is(err, ErrNotFound):
				t.Fatalf("%s: Get = %q, %v; want ErrNotFound", step.name, got, err)
			case step.value != nil && (err != nil || !bytes.Equal(got, step.value)):
				t.Fatalf("%s: Get = %q, %v; want %q", step.name, got, err, step.value)
			}
		}
	})

	t.Run("CompareAndSwapOneWinner", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		peer := openPeer(t, c)
		mustSet(t, c, "phase", "question:1", 0)
		var wg sync.WaitGroup
		wins := make(chan int, 40)
		for i := range 40 {
			cl := []*Client{c, peer}[i%2]
			wg.Go(func() {
				ok, err := cl.CompareAndSwap(ctx, "phase", []byte("question:1"), fmt.Appendf(nil, "reveal:%d", i), 0)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins <- i
				}
			})
		}
		wg.Wait()
		close(wins)
		var winners []int
		for i := range wins {
			winners = append(winners, i)
		}
		if len(winners) != 1 {
			t.Fatalf("%d racers won the transition, want 1", len(winners))
		}
		assertValue(t, c, "phase", fmt.Sprintf("reveal:%d", winners[0]))
	})

	t.Run("WrongTypeIsAnError", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		if err := c.rdb.LPush(ctx, c.key("kv", "list"), "x").Err(); err != nil {
			t.Fatal(err)
		}
		if ok, err := c.CompareAndSwap(ctx, "list", nil, []byte("v"), 0); err == nil {
			t.Fatalf("CompareAndSwap on a list = %v, nil; want an error", ok)
		}
		if _, err := c.Get(ctx, "list"); err == nil || errors.Is(err, ErrNotFound) {
			t.Fatalf("Get on a list error = %v, want a Redis error", err)
		}
	})

	t.Run("TTLExpires", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		const ttl = 300 * time.Millisecond
		if ok, err := c.CompareAndSwap(ctx, "lock", nil, []byte("instance-a"), ttl); err != nil || !ok {
			t.Fatalf("CompareAndSwap = %v, %v", ok, err)
		}
		mustSet(t, c, "plain", "v", ttl)
		mustSet(t, c, "forever", "v", 0)
		if ok, err := c.CompareAndSwap(ctx, "renewed", nil, []byte("v1"), ttl); err != nil || !ok {
			t.Fatalf("CompareAndSwap = %v, %v", ok, err)
		}
		// A swap without TTL makes the key permanent.
		if ok, err := c.CompareAndSwap(ctx, "renewed", []byte("v1"), []byte("v2"), 0); err != nil || !ok {
			t.Fatalf("CompareAndSwap = %v, %v", ok, err)
		}
		if pttl, err := c.rdb.PTTL(ctx, c.key("kv", "lock")).Result(); err != nil || pttl <= 0 || pttl > ttl {
			t.Fatalf("PTTL = %v, %v; want in (0, %v]", pttl, err, ttl)
		}
		assertValue(t, c, "lock", "instance-a")

		// Real time passes; the embedded server must expire keys too.
		time.Sleep(ttl + 2*embeddedTick + 100*time.Millisecond)
		for _, key := range []string{"lock", "plain"} {
			if v, err := c.Get(ctx, key); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%s) after TTL = %q, %v; want ErrNotFound", key, v, err)
			}
		}
		assertValue(t, c, "forever", "v")
		assertValue(t, c, "renewed", "v2")
		// The lock is free again.
		if ok, err := c.CompareAndSwap(ctx, "lock", nil, []byte("instance-b"), ttl); err != nil || !ok {
			t.Fatalf("CompareAndSwap after expiry = %v, %v; want true", ok, err)
		}
	})

	t.Run("NextSeqConcurrent", func(t *testing.T) {
		t.Parallel()
		c := open(t)
		peer := openPeer(t, c)
		const goroutines, each = 50, 20
		results := make([][]int64, goroutines)
		var wg sync.WaitGroup
		for g := range goroutines {
			cl := []*Client{c, peer}[g%2]
			wg.Go(func() {
				for range each {
					n, err := cl.NextSeq(ctx, "contest:1")
					if err != nil {
						t.Error(err)
						return
					}
					results[g] = append(results[g], n)
				}
			})
		}
		wg.Wait()
		var all []int64
		for g, r := range results {
			if !slices.IsSorted(r) {
				t.Errorf("goroutine %d saw %v, not increasing", g, r)
			}
			all = append(all, r...)
		}
		slices.Sort(all)
		for i, n := range all {
			if n != int64(i+1) {
				t.Fatalf("sequence numbers are not exactly 1..%d: position %d holds %d", goroutines*each, i, n)
			}
		}
		// Sequences are independent per key and of Get/Set keys.
		if n, err := c.NextSeq(ctx, "contest:2"); err != nil || n != 1 {
			t.Errorf("NextSeq(contest:2) = %d, %v; want 1", n, err)
		}
		if _, err := c.Get(ctx, "contest:1"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(contest:1) error = %v, want ErrNotFound", err)
		}
	})
}

func testClose(t *testing.T, open func(testing.TB) *Client) {
	ctx := context.Background()
	c := open(t)
	peer := openPeer(t, c)
	subs := []*Subscription{mustSubscribe(t, peer, "a"), mustSubscribe(t, peer, "b", "c")}
	if err := peer.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := peer.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for i, s := range subs {
		select {
		case _, ok := <-s.C():
			if ok {
				t.Errorf("subscription %d delivered after Close", i)
			}
		case <-time.After(recvTimeout):
			t.Fatalf("subscription %d channel not closed by Client.Close", i)
		}
		if err := s.Close(); err != nil {
			t.Errorf("Subscription.Close after Client.Close: %v", err)
		}
	}
	if err := peer.Ping(ctx); !errors.Is(err, redis.ErrClosed) {
		t.Errorf("Ping after Close = %v, want redis.ErrClosed", err)
	}
	if _, err := peer.Subscribe(ctx, "a"); err == nil {
		t.Error("Subscribe after Close succeeded")
	}
	// The other instance is unaffected.
	if err := c.Ping(ctx); err != nil {
		t.Errorf("Ping on the other client: %v", err)
	}
}

// TestEmbeddedCloseLeaksNothing checks that Close stops every goroutine and
// the listener an embedded Client started.
func TestEmbeddedCloseLeaksNothing(t *testing.T) {
	// Not parallel: it counts goroutines.
	ctx := context.Background()
	warm := func() {
		c, err := Open(ctx, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		sub, err := c.Subscribe(ctx, "t")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Publish(ctx, "t", []byte("x")); err != nil {
			t.Fatal(err)
		}
		<-sub.C()
		if _, err := c.Leaderboard("b").Incr(ctx, "m", 1); err != nil {
			t.Fatal(err)
		}
		addr := c.mr.Addr()
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			t.Error("embedded server still listens after Close")
		}
	}
	warm() // let go-redis start its process-wide helpers
	before := runtime.NumGoroutine()
	for range 3 {
		warm()
	}
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before }, "goroutines to exit")
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if _, err := Open(ctx, "http://localhost", nil); err == nil {
		t.Error("Open accepted an http URL")
	}
	// A closed port: grab one from an embedded server, then close it.
	c, err := Open(ctx, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	url := c.URL()
	_ = c.Close()
	ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := Open(ctx, url, nil); err == nil {
		t.Error("Open succeeded against a closed server")
	}
}

func TestTTLArg(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want time.Duration
	}{
		{-time.Second, 0},
		{0, 0},
		{1, time.Millisecond},
		{time.Millisecond, time.Millisecond},
		{1500 * time.Microsecond, 2 * time.Millisecond},
		{time.Minute, time.Minute},
	} {
		if got := ttlArg(tc.in); got != tc.want {
			t.Errorf("ttlArg(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func mustSubscribe(tb testing.TB, c *Client, topics ...string) *Subscription {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), recvTimeout)
	defer cancel()
	s, err := c.Subscribe(ctx, topics...)
	if err != nil {
		tb.Fatalf("Subscribe(%q): %v", topics, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func mustPublish(tb testing.TB, c *Client, topic, payload string) {
	tb.Helper()
	if err := c.Publish(context.Background(), topic, []byte(payload)); err != nil {
		tb.Fatalf("Publish(%s): %v", topic, err)
	}
}

func mustRebuild(tb testing.TB, lb *Leaderboard, entries map[string]float64) {
	tb.Helper()
	if err := lb.Rebuild(context.Background(), entries); err != nil {
		tb.Fatalf("Rebuild: %v", err)
	}
}

func mustSet(tb testing.TB, c *Client, key, value string, ttl time.Duration) {
	tb.Helper()
	if err := c.Set(context.Background(), key, []byte(value), ttl); err != nil {
		tb.Fatalf("Set(%s): %v", key, err)
	}
}

func recv(tb testing.TB, s *Subscription) Message {
	tb.Helper()
	select {
	case m, ok := <-s.C():
		if !ok {
			tb.Fatal("subscription closed")
		}
		return m
	case <-time.After(recvTimeout):
		tb.Fatal("no message within", recvTimeout)
	}
	return Message{}
}

func expectNoMessage(tb testing.TB, s *Subscription, wait time.Duration) {
	tb.Helper()
	select {
	case m := <-s.C():
		tb.Fatalf("unexpected message %q on %s", m.Payload, m.Topic)
	case <-time.After(wait):
	}
}

func messageEqual(a, b Message) bool {
	return a.Topic == b.Topic && bytes.Equal(a.Payload, b.Payload)
}

func waitFor(tb testing.TB, cond func() bool, what string) {
	tb.Helper()
	deadline := time.Now().Add(recvTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func assertTop(tb testing.TB, lb *Leaderboard, n int, want []Entry) {
	tb.Helper()
	got, err := lb.Top(context.Background(), n)
	if err != nil {
		tb.Fatalf("Top(%d): %v", n, err)
	}
	if !slices.Equal(got, want) {
		tb.Fatalf("Top(%d) = %v, want %v", n, got, want)
	}
}

func assertRank(tb testing.TB, lb *Leaderboard, want Entry) {
	tb.Helper()
	got, err := lb.Rank(context.Background(), want.Member)
	if err != nil {
		tb.Fatalf("Rank(%s): %v", want.Member, err)
	}
	if got != want {
		tb.Fatalf("Rank(%s) = %v, want %v", want.Member, got, want)
	}
}

func assertLen(tb testing.TB, lb *Leaderboard, want int) {
	tb.Helper()
	got, err := lb.Len(context.Background())
	if err != nil {
		tb.Fatalf("Len: %v", err)
	}
	if got != want {
		tb.Fatalf("Len = %d, want %d", got, want)
	}
}

func assertValue(tb testing.TB, c *Client, key, want string) {
	tb.Helper()
	got, err := c.Get(context.Background(), key)
	if err != nil {
		tb.Fatalf("Get(%s): %v", key, err)
	}
	if string(got) != want {
		tb.Fatalf("Get(%s) = %q, want %q", key, got, want)
	}
}
