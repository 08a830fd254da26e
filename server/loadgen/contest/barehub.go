package main

import (
	"bytes"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// bareHub is the yardstick: about the smallest correct gorilla broadcast
// hub (net/http, one writer goroutine per socket, a PreparedMessage per
// broadcast, a bounded queue that drops a slow socket). It serves the same
// bytes to the same number of sockets as Weishi in the compare mode, in
// the same process, so each ratio is measured in one run. A message
// written on a ?ctl=1 socket is broadcast to all the others with its
// "serverTime" set to the send time.
type bareHub struct {
	mu    sync.Mutex
	conns map[*bareConn]struct{}
}

type bareConn struct {
	ws   *websocket.Conn
	send chan *websocket.PreparedMessage
}

var bareUpgrader = websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024, CheckOrigin: func(*http.Request) bool { return true }}

func serveBare(ln net.Listener) *bareHub {
	h := &bareHub{conns: map[*bareConn]struct{}{}}
	go http.Serve(ln, h)
	return h
}

func (h *bareHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws, err := bareUpgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	if r.URL.Query().Get("ctl") == "1" {
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			h.broadcast(stamp(data))
		}
	}
	c := &bareConn{ws: ws, send: make(chan *websocket.PreparedMessage, 64)}
	h.mu.Lock()
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	go func() {
		for m := range c.send {
			ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if ws.WritePreparedMessage(m) != nil {
				ws.Close()
				return
			}
		}
	}()
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			break
		}
	}
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
	close(c.send)
}

func (h *bareHub) broadcast(data []byte) {
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, data)
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		select {
		case c.send <- pm:
		default: // too slow: dropped
		}
	}
}

// stamp sets "serverTime" to now (ms).
func stamp(data []byte) []byte {
	key := []byte(`"serverTime":`)
	i := bytes.Index(data, key)
	if i < 0 {
		return data
	}
	j := i + len(key)
	k := j
	for k < len(data) && data[k] >= '0' && data[k] <= '9' {
		k++
	}
	out := make([]byte, 0, len(data)+4)
	out = append(out, data[:j]...)
	out = strconv.AppendInt(out, time.Now().UnixMilli(), 10)
	return append(out, data[k:]...)
}
