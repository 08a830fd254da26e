// Package wshub owns open websocket connections: one bounded send queue
// and one writer goroutine per connection, broadcasts encoded once, and a
// close frame for every connection at shutdown. A slow client is dropped
// (it reconnects); it never stalls the others.
//
// Every close the server starts is a close handshake: the writer sends the
// close frame, the reader reads and discards until the peer's close frame
// (or closeWait passes), and only then is the TCP socket closed. Closing
// with unread client data in the kernel's buffer would make the peer see a
// TCP reset instead of the close code.
package wshub

import (
	"errors"
	"io"
	"net"
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

// ErrClosed is returned by Send on a closed connection.
var ErrClosed = errors.New("wshub: connection closed")

// Hub tracks connections.
type Hub struct {
	mu     sync.Mutex
	conns  map[*Conn]struct{}
	closed bool
	open   atomic.Int64
	queue  int
	guard  *safe.Guard
}

// New returns a hub whose connections queue at most queue messages.
func New(queue int) *Hub {
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

// Conn is one client connection. Send is safe from any goroutine.
type Conn struct {
	ws     *websocket.Conn
	hub    *Hub
	send   chan *websocket.PreparedMessage
	done   chan struct{}
	once   sync.Once
	closeC chan closeReq
	// readDone is closed when the reader has stopped: it saw the peer's
	// close frame, an error, or the close deadline.
	readDone chan struct{}
	// UserID is the authenticated user (0 for none).
	UserID int64
}

type closeReq struct {
	code   int
	reason string
}

// Add registers ws and starts its writer. It returns ErrClosed when the
// hub is shutting down (ws is then closed with 1001).
func (h *Hub) Add(ws *websocket.Conn, userID int64) (*Conn, error) {
	c := &Conn{ws: ws, hub: h, send: make(chan *websocket.PreparedMessage, h.queue), done: make(chan struct{}), closeC: make(chan closeReq, 1), readDone: make(chan struct{}), UserID: userID}
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
	h.guard.Go("wshub.writer", c.writer)
	return c, nil
}

// Prepare encodes a message once for sending to many connections.
func Prepare(data []byte) (*websocket.PreparedMessage, error) {
	return websocket.NewPreparedMessage(websocket.TextMessage, data)
}

// Send queues a message without blocking. When the queue is full the
// connection is closed with CloseTooSlow and Send returns false.
func (c *Conn) Send(m *websocket.PreparedMessage) bool {
	select {
	case <-c.done:
		return false
	default:
	}
	select {
	case c.send <- m:
		return true
	default:
		c.Close(CloseTooSlow, "too slow")
		return false
	}
}

// TrySend queues a message when there is room and drops it otherwise,
// for replies that may be lost (error notices to a flooding client).
func (c *Conn) TrySend(m *websocket.PreparedMessage) bool {
	select {
	case <-c.done:
		return false
	case c.send <- m:
		return true
	default:
		return false
	}
}

// Close sends a close frame with code and reason, then closes. It is
// idempotent and does not block.
func (c *Conn) Close(code int, reason string) {
	select {
	case c.closeC <- closeReq{code, reason}:
	default:
	}
	c.once.Do(func() { close(c.done) })
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
				c.Close(websocket.CloseNormalClosure, "") // the peer's close; gorilla has answered it
			case isNetError(err):
				c.Close(websocket.CloseAbnormalClosure, "")
			default:
				// gorilla refused the frame (read limit: it sent 1009; a
				// protocol error: 1002) and will not read on: discard the
				// rest of what the peer sends until it closes or closeWait.
				c.Close(websocket.CloseAbnormalClosure, "")
				nc := c.ws.NetConn()
				nc.SetReadDeadline(time.Now().Add(closeWait))
				_, _ = io.Copy(io.Discard, nc)
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
	for {
		select {
		case m := <-c.send:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WritePreparedMessage(m); err != nil {
				c.Close(websocket.CloseAbnormalClosure, "")
				if errors.Is(err, websocket.ErrCloseSent) {
					c.awaitPeerClose() // gorilla sent a close itself (1009, 1002)
				}
				return
			}
		case <-ticker.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.Close(websocket.CloseAbnormalClosure, "")
				if errors.Is(err, websocket.ErrCloseSent) {
					c.awaitPeerClose()
				}
				return
			}
		case <-c.done:
			req := closeReq{code: websocket.CloseNormalClosure}
			select {
			case req = <-c.closeC:
			default:
			}
			if req.code != websocket.CloseAbnormalClosure {
				if req.code != CloseTooSlow {
					c.flush()
				}
				writeClose(c.ws, req.code, req.reason)
				c.awaitPeerClose()
			}
			return
		}
	}
}

// flush writes what is still queued, so that a message sent just before
// Close (such as the reason for closing) reaches the client before the
// close frame. A client too slow to take it loses it.
func (c *Conn) flush() {
	deadline := time.Now().Add(writeWait)
	for {
		select {
		case m := <-c.send:
			c.ws.SetWriteDeadline(deadline)
			if err := c.ws.WritePreparedMessage(m); err != nil {
				return
			}
		default:
			return
		}
	}
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
func (h *Hub) Broadcast(m *websocket.PreparedMessage, match func(*Conn) bool) int {
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
