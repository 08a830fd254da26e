// Package wshub owns open websocket connections: a bounded, lazily
// allocated send queue per connection and a small pool of writer
// goroutines (or, NewWriterPerSocket, one per connection), messages
// framed once for any number of connections, latest-wins slots for
// messages where only the newest matters, and a close frame for every
// connection at shutdown. A slow client is dropped (it reconnects); it
// never stalls the others.
//
// Every close the server starts is a close handshake: the writer sends the
// close frame, the reader reads and discards until the peer's close frame
// (or closeWait passes), and only then is the TCP socket closed. Closing
// with unread client data in the kernel's buffer would make the peer see a
// TCP reset instead of the close code.
//
// Reading goes through gorilla/websocket. Data frames are written by a
// writer straight to the socket: every frame queued since the last write
// goes out in one writev with one write deadline. gorilla's own control
// frames (the close echo, 1009) wait for the connection's write lock, so
// they never land inside one of ours.
package wshub

import (
	"errors"
	"io"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/server/safe"
)

// Close codes sent to clients.
const (
	CloseGoingAway   = websocket.CloseGoingAway       // 1001: the server is shutting down
	ClosePolicy      = websocket.ClosePolicyViolation // 1008: repeated abuse
	CloseTooSlow     = 4000                           // the client did not read fast enough
	CloseReplaced    = 4001                           // another device took over this account
	CloseSessionEnds = 4002                           // the login session ended
)

// Timing of the connection.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = pongWait * 9 / 10
	// closeWait bounds how long a server-initiated close waits for the
	// peer's close frame before the TCP socket is closed.
	closeWait = time.Second
)

// ErrClosed is returned by Add when the hub is shutting down.
var ErrClosed = errors.New("wshub: connection closed")

// Message is a text message framed once (as a server sends it: unmasked,
// uncompressed) for any number of connections.
type Message struct {
	frame []byte
	// written, when set, is called once the frame has been handed to
	// the kernel whole (a reply's latency, see PrepareReply)
	written func()
}

// Prepare frames data as one text message.
func Prepare(data []byte) (*Message, error) {
	return &Message{frame: frame(0x81, data)}, nil
}

// PrepareReply frames data for one connection and calls written (from
// the writer) once the frame is on the socket: what a reply waited for,
// measured on the server.
func PrepareReply(data []byte, written func()) *Message {
	return &Message{frame: frame(0x81, data), written: written}
}

// Bytes is the whole frame (header and payload).
func (m *Message) Bytes() []byte { return m.frame }

func frame(op byte, data []byte) []byte {
	n := len(data)
	var hdr [10]byte
	hdr[0] = op
	h := 2
	switch {
	case n < 126:
		hdr[1] = byte(n)
	case n <= 0xffff:
		hdr[1] = 126
		hdr[2], hdr[3] = byte(n>>8), byte(n)
		h = 4
	default:
		hdr[1] = 127
		for i := 0; i < 8; i++ {
			hdr[2+i] = byte(uint64(n) >> (56 - 8*i))
		}
		h = 10
	}
	out := make([]byte, h+n)
	copy(out, hdr[:h])
	copy(out[h:], data)
	return out
}

var pingFrame = frame(0x89, nil)

// Slot names a latest-wins message kind: a connection holds at most one
// pending message per slot, and a newer one replaces it.
type Slot uint8

// The slots.
const (
	SlotState Slot = iota
	SlotBoard
	numSlots
)

// Hub tracks connections.
type Hub struct {
	// pool is set by NewPooled: a few writer goroutines for all
	// connections instead of one per connection (pool.go)
	pool *pool

	mu     sync.Mutex
	conns  map[*Conn]struct{}
	closed bool
	open   atomic.Int64
	queue  int
	guard  *safe.Guard
}

// New returns a hub whose connections queue at most queue messages,
// written by a pool of one writer per CPU (pool.go; measured against a
// writer per connection in docs/benchmarks.md).
func New(queue int) *Hub {
	return NewPooled(queue, runtime.GOMAXPROCS(0))
}

// NewWriterPerSocket returns a hub with one writer goroutine per
// connection.
func NewWriterPerSocket(queue int) *Hub {
	if queue <= 0 {
		queue = 64
	}
	return &Hub{conns: map[*Conn]struct{}{}, queue: queue}
}

// SetGuard sets what recovers a panic in a connection's writer; call it
// before the first Add.
func (h *Hub) SetGuard(g *safe.Guard) { h.guard = g }

// Open reports how many connections are open.
func (h *Hub) Open() int64 { return h.open.Load() }

type item struct {
	m *Message
	n uint64 // order of sending
}

// Conn is one client connection. Send is safe from any goroutine.
type Conn struct {
	ws  *websocket.Conn
	nc  net.Conn
	hub *Hub

	mu      sync.Mutex
	queue   []item // in order; nil until used; at most hub.queue
	slots   [numSlots]item
	n       uint64
	closing bool
	req     closeReq

	wake chan struct{} // cap 1: something is pending
	done chan struct{} // closed once the connection is closing
	// readDone is closed when the reader has stopped: it saw the peer's
	// close frame, an error, or the close deadline.
	readDone chan struct{}
	// pool mode (pool.go)
	scheduled bool        // in the pool's ready queue (c.mu)
	urgent    bool        // in the pool's reply lane (c.mu)
	sentCalls []func()    // written callbacks of frames still in rest (wmu)
	wmu       sync.Mutex  // one writer at a time: a worker or the closer
	rest      net.Buffers // bytes a worker could not write yet (wmu)
	behind    time.Time   // since when rest has been waiting (wmu)
	retry     *time.Timer // reschedules a connection with rest (wmu)
	// retryUrgent: the rest holds a reply, the retry uses the reply lane (wmu)
	retryUrgent bool
	// UserID is the authenticated user (0 for none).
	UserID int64
}

// Internal close reasons (never sent).
const (
	closePeer  = -1 // the peer sent a close frame and gorilla answered it
	closeDrain = -2 // gorilla sent a close (1009, 1002); wait while the reader drains
)

type closeReq struct {
	code   int
	reason string
}

// Add registers ws and starts its writer. It returns ErrClosed when the
// hub is shutting down (ws is then closed with 1001).
func (h *Hub) Add(ws *websocket.Conn, userID int64) (*Conn, error) {
	c := &Conn{ws: ws, nc: ws.NetConn(), hub: h, wake: make(chan struct{}, 1), done: make(chan struct{}), readDone: make(chan struct{}), UserID: userID}
	if g, ok := c.nc.(*guarded); ok {
		c.nc = g.Conn // our frames go straight out; gorilla's wait for c.wmu
		g.c.Store(c)
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		writeClose(ws, CloseGoingAway, "server shutting down")
		ws.SetReadDeadline(time.Now().Add(closeWait))
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				break // the peer's close frame, or the deadline
			}
		}
		ws.Close()
		return nil, ErrClosed
	}
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	h.open.Add(1)
	ws.SetReadDeadline(time.Now().Add(pongWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(pongWait)) })
	ws.SetPingHandler(func(data string) error {
		c.TrySend(&Message{frame: frame(0x8A, []byte(data))}) // the pong goes through the writer
		return nil
	})
	if h.pool != nil {
		h.pool.start(h)
		return c, nil
	}
	h.guard.Go("wshub.writer", c.writer)
	return c, nil
}

func (c *Conn) signal() { c.signalLane(false) }

// signalLane wakes the connection's writer; in a pool, urgent puts the
// connection in the reply lane, which workers serve before the fan-out.
func (c *Conn) signalLane(urgent bool) {
	if p := c.hub.pool; p != nil {
		if urgent {
			p.scheduleUrgent(c)
		} else {
			p.schedule(c)
		}
		return
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Send queues a message in order without blocking. When the queue is full
// the connection is closed with CloseTooSlow and Send returns false.
func (c *Conn) Send(m *Message) bool {
	return c.enqueue(m, true)
}

// TrySend queues a message when there is room and drops it otherwise,
// for replies that may be lost (error notices to a flooding client).
func (c *Conn) TrySend(m *Message) bool {
	return c.enqueue(m, false)
}

// Reply queues m in order, like Send, as the answer to something this
// connection sent (an ack, a refusal, its own part of the state): in a
// pool the connection goes to the reply lane, which the writers serve
// before any fan-out they are working through, so a reply never waits
// behind the other sockets' broadcast. Order on the connection is kept:
// what was queued before m goes out with it.
func (c *Conn) Reply(m *Message) bool {
	return c.enqueueLane(m, true, true)
}

// TryReply is Reply for a reply that may be lost (TrySend).
func (c *Conn) TryReply(m *Message) bool {
	return c.enqueueLane(m, false, true)
}

func (c *Conn) enqueue(m *Message, must bool) bool {
	return c.enqueueLane(m, must, false)
}

func (c *Conn) enqueueLane(m *Message, must, urgent bool) bool {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return false
	}
	if len(c.queue) >= c.hub.queue {
		c.mu.Unlock()
		if must {
			c.Close(CloseTooSlow, "too slow")
		}
		return false
	}
	if c.queue == nil {
		c.queue = make([]item, 0, 4)
	}
	c.n++
	c.queue = append(c.queue, item{m, c.n})
	c.mu.Unlock()
	c.signalLane(urgent)
	return true
}

// SendLatest puts m in slot s, replacing a message of that slot that has
// not been written yet. It takes its place after everything sent so far.
func (c *Conn) SendLatest(s Slot, m *Message) bool {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return false
	}
	c.n++
	c.slots[s] = item{m, c.n}
	c.mu.Unlock()
	c.signal()
	return true
}

// SendLatestBoth is SendLatest of state then board, under one lock and
// with one wake-up: a score change's two frames leave in one write.
func (c *Conn) SendLatestBoth(state, board *Message) bool {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return false
	}
	c.n++
	c.slots[SlotState] = item{state, c.n}
	c.n++
	c.slots[SlotBoard] = item{board, c.n}
	c.mu.Unlock()
	c.signal()
	return true
}

// Close sends a close frame with code and reason, then closes. It is
// idempotent and does not block.
func (c *Conn) Close(code int, reason string) {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return
	}
	c.closing = true
	c.req = closeReq{code, reason}
	close(c.done)
	c.mu.Unlock()
	if c.hub.pool != nil {
		c.hub.guard.Go("wshub.close", c.closePooled)
	}
}

// Done is closed once the connection is closing.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Serve is the connection's reader loop: it hands each message to handle
// until the peer closes or the connection fails. Once the connection is
// closing (handle or anyone else called Close) messages are read and
// discarded until the peer's close frame arrives, so that the close
// handshake completes. Serve returns when reading has stopped.
func (c *Conn) Serve(handle func(data []byte)) {
	defer close(c.readDone)
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			switch {
			case errors.As(err, &ce):
				c.Close(closePeer, "") // gorilla has answered the peer's close frame
			case isNetError(err):
				c.Close(websocket.CloseAbnormalClosure, "")
			default:
				// gorilla refused the frame (read limit: it sent 1009; a
				// protocol error: 1002) and will not read on: discard the
				// rest of what the peer sends until it closes or closeWait.
				c.Close(closeDrain, "")
				c.nc.SetReadDeadline(time.Now().Add(closeWait))
				_, _ = io.Copy(io.Discard, c.nc)
			}
			return
		}
		select {
		case <-c.done:
			continue // closing: discard until the peer's close frame
		default:
		}
		handle(data)
	}
}

func isNetError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

// SetReadLimit bounds the size of an incoming message.
func (c *Conn) SetReadLimit(n int64) { c.ws.SetReadLimit(n) }

func (c *Conn) writer() {
	ticker := time.NewTicker(pingPeriod)
	defer func() {
		ticker.Stop()
		c.ws.Close()
		c.hub.remove(c)
	}()
	defer func() {
		if r := recover(); r != nil {
			c.Close(websocket.CloseAbnormalClosure, "")
		}
	}()
	var w batch
	for {
		select {
		case <-c.wake:
			if err := w.write(c); err != nil {
				c.Close(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-ticker.C:
			c.nc.SetWriteDeadline(time.Now().Add(writeWait))
			if _, err := c.nc.Write(pingFrame); err != nil {
				c.Close(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-c.done:
			c.mu.Lock()
			req := c.req
			c.mu.Unlock()
			switch req.code {
			case websocket.CloseAbnormalClosure, closePeer:
				// the connection failed, or the peer closed and gorilla
				// answered its close frame: nothing more to say
			case closeDrain:
				c.awaitPeerClose() // the reader discards until the peer closes
			default:
				if req.code != CloseTooSlow {
					// messages sent just before Close (such as the reason
					// for closing) reach the client before the close frame
					_ = w.write(c)
				}
				writeClose(c.ws, req.code, req.reason)
				c.awaitPeerClose()
			}
			return
		}
	}
}

// batch is a writer's reusable buffers.
type batch struct {
	items   []item
	bufs    net.Buffers
	calls   []func() // the written callbacks of the frames in bufs
	expired bool     // writeSome: the deadline had passed before the socket was tried
	// beforeWrite: the pool's test hook for this write (nil but in tests)
	beforeWrite func(*Conn)
}

// called runs and forgets the written callbacks.
func (w *batch) called() {
	for i, f := range w.calls {
		f()
		w.calls[i] = nil
	}
	w.calls = w.calls[:0]
}

// write sends everything pending in sending order, in one writev with one
// deadline.
func (w *batch) write(c *Conn) error {
	w.take(c)
	if len(w.bufs) == 0 {
		return nil
	}
	c.nc.SetWriteDeadline(time.Now().Add(writeWait))
	bufs := w.bufs
	_, err := bufs.WriteTo(c.nc)
	clear(w.bufs[:cap(w.bufs)])
	if err == nil {
		w.called()
	}
	w.calls = w.calls[:0]
	return err
}

// take moves everything pending on c into w.bufs, in sending order.
func (w *batch) take(c *Conn) {
	c.mu.Lock()
	w.items = append(w.items[:0], c.queue...)
	if cap(c.queue) > 16 {
		c.queue = nil // a burst is over: give the memory back
	} else {
		c.queue = c.queue[:0]
	}
	for i := range c.slots {
		if c.slots[i].m != nil {
			w.items = append(w.items, c.slots[i])
			c.slots[i] = item{}
		}
	}
	c.mu.Unlock()
	// the queue is in order; slot items go where their number puts them
	items := w.items
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].n < items[j-1].n; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	w.bufs = w.bufs[:0]
	for _, it := range items {
		w.bufs = append(w.bufs, it.m.frame)
		if it.m.written != nil {
			w.calls = append(w.calls, it.m.written)
		}
	}
	clear(w.items)
}

// awaitPeerClose gives the reader closeWait to see the peer's close frame
// (it discards anything before it), so the TCP socket is closed with no
// unread data and the peer reads our close code, not a reset.
func (c *Conn) awaitPeerClose() {
	c.ws.SetReadDeadline(time.Now().Add(closeWait))
	t := time.NewTimer(2 * closeWait) // the reader may be busy in its handler
	defer t.Stop()
	select {
	case <-c.readDone:
	case <-t.C:
	}
}

func writeClose(ws *websocket.Conn, code int, reason string) {
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
}

func (h *Hub) remove(c *Conn) {
	h.mu.Lock()
	_, ok := h.conns[c]
	delete(h.conns, c)
	h.mu.Unlock()
	if ok {
		h.open.Add(-1)
	}
}

// Broadcast queues m on every connection accepted by match (nil: all).
func (h *Hub) Broadcast(m *Message, match func(*Conn) bool) int {
	h.mu.Lock()
	targets := make([]*Conn, 0, len(h.conns))
	for c := range h.conns {
		if match == nil || match(c) {
			targets = append(targets, c)
		}
	}
	h.mu.Unlock()
	n := 0
	for _, c := range targets {
		if c.Send(m) {
			n++
		}
	}
	return n
}

// Shutdown refuses new connections, closes every open one with 1001 and
// waits until their writers have finished or the deadline passes.
func (h *Hub) Shutdown(deadline time.Time) {
	h.mu.Lock()
	h.closed = true
	conns := make([]*Conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.Close(CloseGoingAway, "server shutting down")
	}
	for h.open.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}
