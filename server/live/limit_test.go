package live

import (
	"context"
	"testing"
	"time"
)

func testRateLimit(t *testing.T, open func(testing.TB) *Client) {
	ctx := context.Background()
	c := open(t)
	other := open(t) // a second instance only shares counters under the same prefix
	_ = other

	n, ttl, err := c.Peek(ctx, "login:a")
	if err != nil || n != 0 || ttl != 0 {
		t.Fatalf("peek unknown: %d %v %v", n, ttl, err)
	}
	for i := int64(1); i <= 3; i++ {
		n, ttl, err = c.Hit(ctx, "login:a", 400*time.Millisecond)
		if err != nil || n != i || ttl <= 0 || ttl > 400*time.Millisecond {
			t.Fatalf("hit %d: %d %v %v", i, n, ttl, err)
		}
	}
	if n, _, _ := c.Peek(ctx, "login:a"); n != 3 {
		t.Fatalf("peek after 3 hits: %d", n)
	}
	if n, _, _ := c.Peek(ctx, "login:b"); n != 0 {
		t.Fatalf("keys are independent: %d", n)
	}
	// The window starts at the first hit and is not extended by later ones.
	time.Sleep(600 * time.Millisecond)
	if n, _, _ := c.Peek(ctx, "login:a"); n != 0 {
		t.Fatalf("window must end: %d", n)
	}
	c.Hit(ctx, "login:a", time.Minute)
	if err := c.Reset(ctx, "login:a"); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := c.Peek(ctx, "login:a"); n != 0 {
		t.Fatalf("reset: %d", n)
	}
	if _, _, err := c.Hit(ctx, "x", 0); err == nil {
		t.Fatal("a zero window must be refused")
	}
}
