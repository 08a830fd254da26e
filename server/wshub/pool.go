package wshub

import (
	"errors"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// A pool is a few writer goroutines shared by every connection of a hub:
// a connection with something to send is put in the ready queue once, and
// a worker writes all its pending frames in one writev. A worker never
// waits on one socket for long: each write has a short deadline, what did
// not fit stays with the connection (rest) and is retried a little later,
// and a connection that has been behind for writeWait is closed with 4000.
// Idle connections then cost one goroutine (their reader), and a fan-out
// wakes a few goroutines instead of one per socket.
type pool struct {
	once    sync.Once
	workers int
	ready   chan *Conn
	// replies is the reply lane (Conn.Reply): a worker takes a connection
	// from it before the next one of ready, so an ack waits for at most
	// the write in progress, never for a fan-out's thousands of sockets
	replies chan *Conn
	// beforeWrite, when a test sets it, runs between setting a write's
	// deadline and the write (to stand for a descheduled worker)
	beforeWrite atomic.Pointer[func(*Conn)]
}

const (
	poolWriteWait  = 5 * time.Millisecond  // one write's deadline in a worker
	poolRetry      = 20 * time.Millisecond // when a connection with rest is tried again
	poolYieldEvery = 16                    // fan-out writes between yields of a worker
)

// NewPooled returns a hub with writers shared writer goroutines.
func NewPooled(queue, writers int) *Hub {
	h := NewWriterPerSocket(queue)
	if writers < 1 {
		writers = 1
	}
	h.pool = &pool{workers: writers, ready: make(chan *Conn, 1<<16), replies: make(chan *Conn, 1<<12)}
	return h
}

func (p *pool) start(h *Hub) {
	p.once.Do(func() {
		for i := 0; i < p.workers; i++ {
			h.guard.Go("wshub.pool", p.work)
		}
		h.guard.Go("wshub.pinger", h.pinger)
	})
}

// schedule puts c in the ready queue unless it is there already.
func (p *pool) schedule(c *Conn) {
	c.mu.Lock()
	if c.scheduled || c.closing {
		c.mu.Unlock()
		return
	}
	c.scheduled = true
	c.mu.Unlock()
	p.ready <- c
}

// scheduleUrgent puts c in the reply lane unless it is there already. A
// connection may be in both queues: whichever worker takes it first
// writes everything pending, the other finds nothing (or what came since).
func (p *pool) scheduleUrgent(c *Conn) {
	c.mu.Lock()
	if c.urgent || c.closing {
		c.mu.Unlock()
		return
	}
	c.urgent = true
	c.mu.Unlock()
	select {
	case p.replies <- c:
	default: // the lane is full (thousands of replies at once): queue as usual
		c.mu.Lock()
		c.urgent = false
		c.mu.Unlock()
		p.schedule(c)
	}
}

func (p *pool) work() {
	var w batch
	n := 0
	for {
		select {
		case c := <-p.replies:
			p.write(&w, c, true)
			continue
		default:
		}
		select {
		case c := <-p.replies:
			p.write(&w, c, true)
		case c := <-p.ready:
			p.write(&w, c, false)
			// A fan-out keeps every worker busy for tens of milliseconds
			// without blocking; yielding every few sockets lets a reader
			// or the committer that became runnable meanwhile (an ack's
			// path) take the core instead of waiting for preemption.
			if n++; n%poolYieldEvery == 0 {
				runtime.Gosched()
			}
		}
	}
}

func (p *pool) write(w *batch, c *Conn, urgent bool) {
	defer func() {
		if r := recover(); r != nil {
			c.Close(websocket.CloseAbnormalClosure, "")
		}
	}()
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.mu.Lock()
	if urgent {
		c.urgent = false
	} else {
		c.scheduled = false
	}
	closing := c.closing
	c.mu.Unlock()
	if closing {
		return // the closer writes what is left
	}
	w.beforeWrite = nil
	if f := p.beforeWrite.Load(); f != nil {
		w.beforeWrite = *f
	}
	err := w.writeSome(c, poolWriteWait)
	if errors.Is(err, os.ErrDeadlineExceeded) && w.expired {
		// The deadline passed while this worker was off its core (a
		// starved machine), not while the socket refused bytes: once
		// more with a fresh deadline, else a reply would wait for the
		// retry behind the whole fan-out.
		err = w.writeSome(c, poolWriteWait)
	}
	switch {
	case err == nil:
	case errors.Is(err, os.ErrDeadlineExceeded):
		if c.behind.IsZero() {
			c.behind = time.Now()
		} else if time.Since(c.behind) > writeWait {
			c.Close(CloseTooSlow, "too slow")
			return
		}
		// a reply that did not fit keeps its lane on the retry
		c.retryUrgent = urgent || c.retryUrgent
		if c.retry == nil {
			c.retry = time.AfterFunc(poolRetry, func() { p.reschedule(c) })
		} else {
			c.retry.Reset(poolRetry)
		}
	default:
		c.Close(websocket.CloseAbnormalClosure, "")
	}
}

// reschedule is a retry's: a connection whose rest holds a reply goes
// back to the reply lane.
func (p *pool) reschedule(c *Conn) {
	c.wmu.Lock()
	urgent := c.retryUrgent
	c.retryUrgent = false
	c.wmu.Unlock()
	if urgent {
		p.scheduleUrgent(c)
	} else {
		p.schedule(c)
	}
}

// writeSome writes c.rest and everything pending, in order, for at most
// wait; what is not written stays in c.rest. c.wmu is held. w.expired
// tells that a deadline error came back at once: the deadline had passed
// before the socket was tried (the writer was descheduled), it did not
// wait for a full socket.
func (w *batch) writeSome(c *Conn, wait time.Duration) error {
	w.expired = false
	w.take(c)
	bufs := append(c.rest, w.bufs...)
	c.rest = nil
	clear(w.bufs[:cap(w.bufs)])
	calls := append(c.sentCalls, w.calls...)
	c.sentCalls = nil
	clear(w.calls[:cap(w.calls)])
	w.calls = w.calls[:0]
	if len(bufs) == 0 {
		return nil
	}
	c.nc.SetWriteDeadline(time.Now().Add(wait))
	if w.beforeWrite != nil {
		w.beforeWrite(c)
	}
	start := time.Now()
	n, err := bufs.WriteTo(c.nc)
	if err != nil && len(bufs) > 0 {
		w.expired = n == 0 && errors.Is(err, os.ErrDeadlineExceeded) && time.Since(start) < wait/5
		c.rest = bufs // WriteTo consumed what was written
		c.sentCalls = calls
		return err
	}
	c.behind = time.Time{}
	for _, f := range calls {
		f()
	}
	return err
}

// closePooled is a pooled connection's close: what is queued (unless the
// connection is too slow), the close frame, the peer's close or
// closeWait, then the TCP socket.
func (c *Conn) closePooled() {
	defer func() {
		c.ws.Close()
		c.hub.remove(c)
	}()
	c.mu.Lock()
	req := c.req
	c.mu.Unlock()
	c.wmu.Lock()
	if c.retry != nil {
		c.retry.Stop()
	}
	switch req.code {
	case websocket.CloseAbnormalClosure, closePeer:
		c.wmu.Unlock()
		return
	case closeDrain:
		c.wmu.Unlock()
		c.awaitPeerClose()
		return
	}
	if req.code != CloseTooSlow {
		var w batch
		_ = w.writeSome(c, writeWait)
	}
	c.wmu.Unlock()
	writeClose(c.ws, req.code, req.reason) // through guarded: after any rest
	c.awaitPeerClose()
}

// pinger sends every connection a ping each pingPeriod (pool mode).
func (h *Hub) pinger() {
	ping := &Message{frame: pingFrame}
	t := time.NewTicker(pingPeriod)
	defer t.Stop()
	for range t.C {
		h.mu.Lock()
		conns := make([]*Conn, 0, len(h.conns))
		for c := range h.conns {
			conns = append(conns, c)
		}
		h.mu.Unlock()
		for _, c := range conns {
			c.TrySend(ping)
		}
	}
}
