package wshub

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// serve starts a server whose every connection is handed to onConn.
func serve(t *testing.T, h *Hub, onConn func(*Conn)) string {
	t.Helper()
	return serveWith(t, h, onConn, func(*Conn, []byte) {})
}

// serveWith is serve with a message handler.
func serveWith(t *testing.T, h *Hub, onConn func(*Conn), handle func(*Conn, []byte)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nc, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		ws, err := Upgrade(nc, r)
		if err != nil {
			nc.Close()
			return
		}
		c, err := h.Add(ws, 1)
		if err != nil {
			return
		}
		onConn(c)
		c.Serve(func(data []byte) { handle(c, data) })
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
		h := mk(8)
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
	h := mk(4)
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

func mustPrepare(t *testing.T, s string) *Message {
	t.Helper()
	m, err := Prepare([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A close the server starts is a handshake: the client's unread messages
// are drained before the TCP socket is closed. Closing with unread data
// makes the kernel send a reset and drop what is still in the send
// buffer, so a client that reads slowly would lose the last messages and
// the close code.
func TestServerCloseWithUnreadClientDataDeliversTheCode(t *testing.T) {
	pad := strings.Repeat("x", 2<<10)
	big := mustPrepare(t, `{"pad":"`+strings.Repeat("y", 256<<10)+`"}`)
	for _, tc := range []struct {
		name  string
		code  int
		limit int64
	}{
		{"policy", ClosePolicy, 0},
		{"replaced", CloseReplaced, 0},
		{"too big", websocket.CloseMessageTooBig, 1 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < 5; i++ {
				h := mk(64)
				url := serveWith(t, h, func(c *Conn) {
					for j := 0; j < 24; j++ {
						c.Send(big) // more than the socket buffers take at once
					}
					if tc.limit > 0 {
						c.SetReadLimit(tc.limit)
					}
				}, func(c *Conn, _ []byte) {
					c.Close(tc.code, "bye") // on the first message, with more in flight
				})
				ws := dial(t, url)
				for j := 0; j < 100; j++ {
					if err := ws.WriteMessage(websocket.TextMessage, []byte(pad)); err != nil {
						break
					}
				}
				time.Sleep(100 * time.Millisecond) // a slow reader
				ws.SetReadDeadline(time.Now().Add(10 * time.Second))
				n := 0
				var err error
				for err == nil {
					if _, _, err = ws.ReadMessage(); err == nil {
						n++
					}
				}
				var ce *websocket.CloseError
				if !errors.As(err, &ce) || ce.Code != tc.code {
					t.Fatalf("run %d: want close %d after 24 messages, got %v after %d", i, tc.code, err, n)
				}
				if tc.limit == 0 && n != 24 {
					t.Fatalf("run %d: %d of 24 messages before the close", i, n)
				}
				ws.Close()
			}
		})
	}
}

// A peer that never answers the close frame is cut off after closeWait.
func TestCloseWithoutPeerAnswerEndsAfterCloseWait(t *testing.T) {
	h := mk(8)
	url := serve(t, h, func(c *Conn) { c.Close(CloseReplaced, "bye") })
	ws := dial(t, url)
	ws.SetCloseHandler(func(int, string) error { return nil }) // do not answer
	_, _, err := ws.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != CloseReplaced {
		t.Fatalf("want close %d, got %v", CloseReplaced, err)
	}
	start := time.Now()
	nc := ws.NetConn()
	nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 64)
	for {
		if _, err := nc.Read(buf); err != nil {
			if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
				t.Fatal("the server never closed the TCP socket")
			}
			break
		}
	}
	if d := time.Since(start); d > 3*closeWait {
		t.Fatalf("closed after %v, want about %v", d, closeWait)
	}
	deadline := time.Now().Add(2 * time.Second)
	for h.Open() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if h.Open() != 0 {
		t.Fatalf("open %d", h.Open())
	}
}

// Frames of every length class reach a gorilla client intact.
func TestFramesOfEveryLength(t *testing.T) {
	sizes := []int{0, 1, 125, 126, 127, 65535, 65536, 200000}
	h := mk(16)
	url := serve(t, h, func(c *Conn) {
		for _, n := range sizes {
			c.Send(mustPrepare(t, strings.Repeat("a", n)))
		}
	})
	ws := dial(t, url)
	for _, n := range sizes {
		typ, data, err := ws.ReadMessage()
		if err != nil || typ != websocket.TextMessage || len(data) != n || strings.Trim(string(data), "a") != "" {
			t.Fatalf("size %d: type %d, %d bytes, %v", n, typ, len(data), err)
		}
	}
}

// Latest-wins slots: a newer message replaces the pending one of its
// slot and takes its place after what was sent before it; ordered
// messages all arrive, in order.
func TestLatestWinsSlots(t *testing.T) {
	h := mk(16)
	ready := make(chan *Conn, 1)
	url := serve(t, h, func(c *Conn) { ready <- c })
	ws := dial(t, url)
	c := <-ready
	c.mu.Lock() // hold the writer off while the messages pile up
	for _, s := range []struct {
		slot Slot
		msg  string
	}{{SlotState, "state1"}, {SlotBoard, "board1"}, {255, "me1"}, {SlotState, "state2"}, {255, "me2"}, {SlotBoard, "board2"}, {SlotState, "state3"}} {
		m := mustPrepare(t, s.msg)
		c.n++
		if s.slot == 255 {
			c.queue = append(c.queue, item{m, c.n})
		} else {
			c.slots[s.slot] = item{m, c.n}
		}
	}
	c.mu.Unlock()
	c.signal()
	var got []string
	for len(got) < 4 {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(data))
	}
	if strings.Join(got, ",") != "me1,me2,board2,state3" {
		t.Fatalf("got %v", got)
	}
	// the public API does the same
	c.SendLatest(SlotState, mustPrepare(t, "s"))
	if _, data, err := ws.ReadMessage(); err != nil || string(data) != "s" {
		t.Fatalf("%q %v", data, err)
	}
}

// A full ordered queue closes the connection with 4000; slots never do.
func TestFullQueueClosesTooSlow(t *testing.T) {
	h := mk(2)
	ready := make(chan *Conn, 1)
	url := serve(t, h, func(c *Conn) { ready <- c })
	ws := dial(t, url)
	c := <-ready
	for i := 0; i < 100; i++ {
		if !c.SendLatest(SlotBoard, mustPrepare(t, "board")) {
			t.Fatal("a slot refused a message")
		}
	}
	// the client reads nothing now: the socket buffers fill, then the queue
	big := mustPrepare(t, strings.Repeat("q", 64<<10))
	full := false
	for i := 0; i < 10000 && !full; i++ {
		full = !c.Send(big)
	}
	if !full {
		t.Fatal("the queue never filled")
	}
	var err error
	for err == nil {
		_, _, err = ws.ReadMessage()
	}
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != CloseTooSlow {
		t.Fatalf("want close 4000, got %v", err)
	}
}

// Upgrade answers the handshake on a connection taken over from any
// server, and refuses a bad one with an HTTP error.
func TestUpgradeOnARawConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	h := mk(8)
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				req, err := http.ReadRequest(bufio.NewReader(nc))
				if err != nil {
					nc.Close()
					return
				}
				ws, err := Upgrade(nc, req)
				if err != nil {
					nc.Close()
					return
				}
				c, err := h.Add(ws, 1)
				if err != nil {
					return
				}
				c.Serve(func(data []byte) { c.Send(mustPrepare(t, "echo "+string(data))) })
			}()
		}
	}()
	ws := dial(t, "ws://"+ln.Addr().String()+"/")
	ws.WriteMessage(websocket.TextMessage, []byte("hi"))
	if _, data, err := ws.ReadMessage(); err != nil || string(data) != "echo hi" {
		t.Fatalf("%q %v", data, err)
	}
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a plain GET: status %d", resp.StatusCode)
	}
}

// mk makes the hub under test: the writer pool (New), or
// (TestWriterPerSocket) one writer per connection.
var mk = New

// A writer per connection keeps every guarantee the pool gives.
func TestWriterPerSocket(t *testing.T) {
	mk = NewWriterPerSocket
	defer func() { mk = New }()
	t.Run("messages before close", TestMessagesSentBeforeCloseArriveFirst)
	t.Run("slow client", TestSlowClientIsDroppedWithoutStallingOthers)
	t.Run("close handshake", TestServerCloseWithUnreadClientDataDeliversTheCode)
	t.Run("no answer to the close", TestCloseWithoutPeerAnswerEndsAfterCloseWait)
	t.Run("frames", TestFramesOfEveryLength)
	t.Run("full queue", TestFullQueueClosesTooSlow)
}

// A reply goes out before the fan-out the writers are working through:
// one worker, twenty sockets with a broadcast pending, then a reply to
// the last of them — its socket is the next one written, and every frame
// reaches its client.
func TestReplyLaneOvertakesTheFanOut(t *testing.T) {
	h := NewPooled(16, 1)
	conns := make(chan *Conn, 32)
	url := serve(t, h, func(c *Conn) { conns <- c })
	const n = 20
	var clients []*websocket.Conn
	var cs []*Conn
	for i := 0; i < n; i++ {
		clients = append(clients, dial(t, url))
		cs = append(cs, <-conns)
	}
	var mu sync.Mutex
	var order []string
	mark := func(name string) func() {
		return func() { mu.Lock(); order = append(order, name); mu.Unlock() }
	}
	// hold the only worker on the first socket while the fan-out queues up
	first := cs[0]
	first.wmu.Lock()
	first.SendLatest(SlotBoard, PrepareReply([]byte("board"), mark("board0")))
	deadline := time.Now().Add(5 * time.Second)
	for len(h.pool.ready) > 0 { // the worker has taken it and waits for the lock
		if time.Now().After(deadline) {
			t.Fatal("the worker never took the first socket")
		}
		time.Sleep(time.Millisecond)
	}
	for i := 1; i < n; i++ {
		cs[i].SendLatest(SlotBoard, PrepareReply([]byte("board"), mark(fmt.Sprintf("board%d", i))))
	}
	cs[n-1].Reply(PrepareReply([]byte("ack"), mark("ack")))
	first.wmu.Unlock()
	for i, ws := range clients {
		want := []string{"board"}
		if i == n-1 {
			want = append(want, "ack")
		}
		for _, w := range want {
			if _, data, err := ws.ReadMessage(); err != nil || string(data) != w {
				t.Fatalf("client %d: %q %v, want %q", i, data, err, w)
			}
		}
	}
	for { // the callbacks run just after the write returns
		mu.Lock()
		done := len(order) == n+1
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	// the reply's socket goes next, with what it had queued before the
	// reply (its board), then the rest of the fan-out
	if len(order) != n+1 || order[0] != "board0" || order[1] != fmt.Sprintf("board%d", n-1) || order[2] != "ack" {
		t.Fatalf("written in the order %v: the ack must follow the write in progress", order)
	}
}

// A worker descheduled between setting a write's deadline and the write
// (a starved machine) finds the deadline passed without the socket being
// tried: the reply is written at once with a fresh deadline, not left for
// the retry timer, which would queue it behind the fan-out.
func TestReplyWrittenWhenTheDeadlinePassedOffCore(t *testing.T) {
	h := NewPooled(16, 1)
	conns := make(chan *Conn, 4)
	url := serve(t, h, func(c *Conn) { conns <- c })
	client := dial(t, url)
	c := <-conns
	var attempts atomic.Int32
	hook := func(x *Conn) {
		if x == c && attempts.Add(1) == 1 {
			// off core past the deadline: as the runtime sees it when
			// the deadline's timer has fired (a past deadline applies at once)
			x.nc.SetWriteDeadline(time.Unix(1, 0))
		}
	}
	h.pool.beforeWrite.Store(&hook)
	written := make(chan struct{}, 1)
	c.Reply(PrepareReply([]byte("ack"), func() { written <- struct{}{} }))
	select {
	case <-written:
	case <-time.After(10 * time.Second):
		t.Fatal("the reply was never written")
	}
	if _, data, err := client.ReadMessage(); err != nil || string(data) != "ack" {
		t.Fatalf("read %q %v", data, err)
	}
	c.wmu.Lock()
	timer := c.retry
	c.wmu.Unlock()
	if timer != nil || attempts.Load() != 2 {
		t.Fatalf("%d attempts, retry timer set: %v; want the second attempt at once", attempts.Load(), timer != nil)
	}
}
