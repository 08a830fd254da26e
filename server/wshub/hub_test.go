package wshub

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// serve starts a server whose every connection is handed to onConn.
func serve(t *testing.T, h *Hub, onConn func(*Conn)) string {
	t.Helper()
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c, err := h.Add(ws, 1)
		if err != nil {
			return
		}
		onConn(c)
		for {
			if _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	return ws
}

func TestMessagesSentBeforeCloseArriveFirst(t *testing.T) {
	// Repeat: the writer must never pick the close over queued messages.
	for i := 0; i < 50; i++ {
		h := New(8)
		url := serve(t, h, func(c *Conn) {
			c.Send(mustPrepare(t, `{"type":"replaced"}`))
			c.Send(mustPrepare(t, `{"type":"bye"}`))
			c.Close(CloseReplaced, "another device took over")
		})
		ws := dial(t, url)
		for _, want := range []string{"replaced", "bye"} {
			_, data, err := ws.ReadMessage()
			if err != nil || !strings.Contains(string(data), want) {
				t.Fatalf("run %d: want %q before the close, got %q %v", i, want, data, err)
			}
		}
		_, _, err := ws.ReadMessage()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != CloseReplaced {
			t.Fatalf("run %d: want close %d, got %v", i, CloseReplaced, err)
		}
	}
}

func TestSlowClientIsDroppedWithoutStallingOthers(t *testing.T) {
	h := New(4)
	conns := make(chan *Conn, 2)
	url := serve(t, h, func(c *Conn) { conns <- c })
	slow := dial(t, url)
	slowConn := <-conns
	fast := dial(t, url)
	fastConn := <-conns
	_ = slow // never reads

	big := mustPrepare(t, `{"pad":"`+strings.Repeat("x", 64<<10)+`"}`)
	deadline := time.Now().Add(5 * time.Second)
	for {
		select {
		case <-slowConn.Done():
		default:
			if time.Now().After(deadline) {
				t.Fatal("the slow client was never dropped")
			}
			h.Broadcast(big, func(c *Conn) bool { return c == slowConn })
			continue
		}
		break
	}
	// The fast client still gets messages promptly.
	start := time.Now()
	fastConn.Send(mustPrepare(t, `{"type":"ping"}`))
	if _, data, err := fast.ReadMessage(); err != nil || !strings.Contains(string(data), "ping") {
		t.Fatalf("fast client: %q %v", data, err)
	}
	if time.Since(start) > time.Second {
		t.Fatalf("fast client stalled for %v", time.Since(start))
	}
}

func mustPrepare(t *testing.T, s string) *websocket.PreparedMessage {
	t.Helper()
	m, err := Prepare([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
