package wshub

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// readBuffer is gorilla's read buffer per connection: clients send small
// messages, and a larger one is read in several calls.
const readBuffer = 512

var upgrader = websocket.Upgrader{
	ReadBufferSize: readBuffer,
	// Data frames are written by the hub (see batch.write); a write
	// buffer is only borrowed for the rare NextWriter path.
	WriteBufferPool:  &sync.Pool{},
	HandshakeTimeout: 10 * time.Second,
	// The caller checked the Origin (and the session) before hijacking.
	CheckOrigin: func(*http.Request) bool { return true },
}

// Upgrade answers the websocket handshake described by req on nc, a
// connection the caller has taken over from its HTTP server (fasthttp's
// Hijack). req needs the method and the handshake headers only. On error
// the handshake has been refused on nc; the caller closes nc.
func Upgrade(nc net.Conn, req *http.Request) (*websocket.Conn, error) {
	return upgrader.Upgrade(&hijacked{nc: &guarded{Conn: nc}, h: http.Header{}}, req, nil)
}

// guarded is the connection gorilla writes its own control frames to
// (the close echo, 1009, 1002). In a pooled hub a worker may have written
// part of a frame (rest): gorilla's frame then waits for the connection's
// write lock and goes out after the rest, never inside a frame.
type guarded struct {
	net.Conn
	c atomic.Pointer[Conn]
}

func (g *guarded) Write(p []byte) (int, error) {
	c := g.c.Load()
	if c == nil || c.hub.pool == nil {
		return g.Conn.Write(p)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if len(c.rest) > 0 {
		g.Conn.SetWriteDeadline(time.Now().Add(closeWait))
		if _, err := c.rest.WriteTo(g.Conn); err != nil {
			return 0, err
		}
		c.rest = nil
	}
	return g.Conn.Write(p)
}

// hijacked is the http.ResponseWriter and http.Hijacker that
// websocket.Upgrader needs, over a connection that is already ours.
type hijacked struct {
	nc          net.Conn
	h           http.Header
	wroteHeader bool
}

func (w *hijacked) Header() http.Header { return w.h }

// WriteHeader and Write answer a refused handshake (gorilla's http.Error).
func (w *hijacked) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	bw := bufio.NewWriter(w.nc)
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	w.h.Set("Connection", "close")
	_ = w.h.Write(bw)
	bw.WriteString("\r\n")
	_ = bw.Flush()
}

func (w *hijacked) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.nc.Write(p)
}

func (w *hijacked) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	// tiny buffers: gorilla reads through its own, and writes the
	// handshake answer straight to the connection
	return w.nc, bufio.NewReadWriter(bufio.NewReaderSize(w.nc, 16), bufio.NewWriterSize(w.nc, 16)), nil
}
