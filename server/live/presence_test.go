package live

import (
	"context"
	"testing"
	"time"
)

func testPresence(t *testing.T, open func(testing.TB) *Client) {
	ctx := context.Background()
	a := open(t)
	if m, err := a.Fields(ctx, "devices:1"); err != nil || len(m) != 0 {
		t.Fatalf("unknown map: %v %v", m, err)
	}
	if err := a.PutField(ctx, "devices:1", "instance-a", []byte(`[1,2]`), 400*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := a.PutField(ctx, "devices:1", "instance-b", []byte(`[3]`), 400*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	a.PutField(ctx, "devices:2", "instance-a", []byte(`[9]`), time.Minute)
	m, err := a.Fields(ctx, "devices:1")
	if err != nil || len(m) != 2 || string(m["instance-a"]) != "[1,2]" || string(m["instance-b"]) != "[3]" {
		t.Fatalf("fields %v %v", m, err)
	}
	if err := a.DeleteField(ctx, "devices:1", "instance-b"); err != nil {
		t.Fatal(err)
	}
	if m, _ := a.Fields(ctx, "devices:1"); len(m) != 1 {
		t.Fatalf("after delete %v", m)
	}
	// The map expires when nobody writes it any more.
	time.Sleep(700 * time.Millisecond)
	if m, _ := a.Fields(ctx, "devices:1"); len(m) != 0 {
		t.Fatalf("map must expire: %v", m)
	}
	if m, _ := a.Fields(ctx, "devices:2"); len(m) != 1 {
		t.Fatalf("other maps stay: %v", m)
	}
}
