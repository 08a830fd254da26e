package api

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/safe"
	"github.com/weishi-dev/weishi/server/wshub"
)

const (
	wsMaxMessage = 4 << 10 // bytes a client may send in one message
	wsMaxAbuse   = 20      // malformed or unknown messages before the connection is closed
)

// wsIn is a message from a client.
type wsIn struct {
	Type string `json:"type"`
	ID   int64  `json:"id,omitempty"`
	T0   int64  `json:"t0,omitempty"` // client clock, Unix ms, when the ping was sent
}

// wsOut is a message to a client.
type wsOut struct {
	Type   string `json:"type"`
	ID     int64  `json:"id,omitempty"`
	T0     int64  `json:"t0,omitempty"`
	T1     int64  `json:"t1,omitempty"` // server clock, Unix ms, when the ping arrived
	T2     int64  `json:"t2,omitempty"` // server clock, Unix ms, when the reply left
	UserID int64  `json:"userId,omitempty"`
	Code   string `json:"code,omitempty"`
	Error  string `json:"error,omitempty"`
}

// websocket upgrades a logged-in user's request. It checks the Origin
// before upgrading; the connection then answers clock-sync pings
// (NTP-style: t0 from the client, t1/t2 from the server) and will carry
// live events.
func (s *server) websocket(c *fiber.Ctx) error {
	if !websocketUpgrade(c) {
		return &fault.Error{Code: "bad_request", Message: "this endpoint needs a websocket upgrade"}
	}
	if err := s.socketOrigin(c); err != nil {
		return err
	}
	return s.hijackSocket(c, currentUser(c).ID, nil, s.serveSocket)
}

// socketRequest is every contest, judging and debate socket's first
// check: a websocket upgrade, from an allowed Origin (socketOrigin), for
// the :id of the path.
func (s *server) socketRequest(c *fiber.Ctx) (int64, error) {
	if !websocketUpgrade(c) {
		return 0, &fault.Error{Code: "bad_request", Message: "this endpoint needs a websocket upgrade"}
	}
	if err := s.socketOrigin(c); err != nil {
		return 0, err
	}
	return idParam(c, "id")
}

// hijackSocket answers a websocket handshake that the handler has
// checked (Origin, session, role) straight from the fasthttp request:
// it takes the TCP connection over from fasthttp, upgrades it with
// gorilla/websocket and registers it with the hub. join, when set, runs
// in the goroutine that fasthttp starts for the hijack, before the
// socket's reader starts; then fasthttp's buffers and request are
// released and the socket keeps two goroutines: serve (its reader) and
// the hub's writer.
func (s *server) hijackSocket(c *fiber.Ctx, userID int64, join func(*wshub.Conn) bool, serve func(*wshub.Conn)) error {
	if c.Get(fiber.HeaderSecWebSocketVersion) != "13" {
		return fault.InvalidField("Sec-WebSocket-Version", "must be 13")
	}
	if c.Get(fiber.HeaderSecWebSocketKey) == "" {
		return fault.InvalidField("Sec-WebSocket-Key", "is required")
	}
	req := &http.Request{Method: http.MethodGet, Header: http.Header{}}
	for _, k := range []string{fiber.HeaderConnection, fiber.HeaderUpgrade, fiber.HeaderSecWebSocketVersion, fiber.HeaderSecWebSocketKey, fiber.HeaderSecWebSocketProtocol} {
		if v := c.Get(k); v != "" {
			req.Header.Set(k, strings.Clone(v))
		}
	}
	hub, guard := s.Hub, s.Guard
	c.Context().HijackSetNoResponse(true)
	c.Context().Hijack(func(hc net.Conn) {
		nc := hc
		if u, ok := hc.(interface{ UnsafeConn() net.Conn }); ok {
			nc = u.UnsafeConn() // fasthttp's buffered reader is empty: the client waits for our answer
		}
		_ = guard.Run("websocket", func() error { upgradeAndServe(nc, req, hub, guard, userID, join, serve); return nil })
	})
	return nil
}

// upgradeAndServe answers the handshake on nc, runs join and starts the
// reader. A panic closes the socket and is reported by the guard.
func upgradeAndServe(nc net.Conn, req *http.Request, hub *wshub.Hub, guard *safe.Guard, userID int64, join func(*wshub.Conn) bool, serve func(*wshub.Conn)) {
	var conn *wshub.Conn
	defer func() {
		if r := recover(); r != nil {
			if conn != nil {
				conn.Close(websocket.CloseInternalServerErr, "")
			} else {
				nc.Close()
			}
			panic(r) // for the guard
		}
	}()
	ws, err := wshub.Upgrade(nc, req)
	if err != nil {
		nc.Close()
		return
	}
	conn, err = hub.Add(ws, userID)
	if err != nil {
		return
	}
	if join != nil && !join(conn) {
		conn.Serve(func([]byte) {}) // closing: finish the close handshake
		return
	}
	guard.Go("websocket", func() {
		defer func() {
			if r := recover(); r != nil {
				conn.Close(websocket.CloseInternalServerErr, "")
				panic(r) // for the guard
			}
		}()
		serve(conn)
	})
}

// socketOrigin refuses a websocket whose Origin is missing or foreign. The
// page's own origin must match in scheme and host (an http page may not
// open a socket to the https site, nor the reverse); other origins must be
// listed in AllowedOrigins exactly.
func (s *server) socketOrigin(c *fiber.Ctx) error {
	origin := c.Get(fiber.HeaderOrigin)
	if origin != "" && (slices.Contains(s.AllowedOrigins, strings.TrimRight(origin, "/")) || sameOrigin(origin, c.Protocol(), c.Hostname())) {
		return nil
	}
	s.Logger.Warn("websocket origin refused", "origin", strings.Clone(origin), "ip", c.IP())
	return &fault.Error{Code: fault.Forbidden, Message: "origin not allowed"}
}

// sameOrigin reports whether origin is scheme://host of this request.
func sameOrigin(origin, scheme, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || u.Path != "" && u.Path != "/" {
		return false
	}
	return strings.EqualFold(u.Scheme, scheme) && strings.EqualFold(u.Host, host)
}

func websocketUpgrade(c *fiber.Ctx) bool {
	return headerHasToken(c.Get(fiber.HeaderConnection), "upgrade") && headerHasToken(c.Get(fiber.HeaderUpgrade), "websocket")
}

func headerHasToken(v, token string) bool {
	for _, part := range strings.Split(v, ",") {
		if strings.EqualFold(strings.TrimSpace(part), token) {
			return true
		}
	}
	return false
}

// serveSocket is the connection's reader loop.
func (s *server) serveSocket(conn *wshub.Conn) {
	conn.SetReadLimit(wsMaxMessage)
	s.sendWS(conn, wsOut{Type: "welcome", UserID: conn.UserID, T2: s.Now().UnixMilli()})
	abuse := 0
	conn.Serve(func(data []byte) {
		received := s.Now().UnixMilli()
		var in wsIn
		if err := json.Unmarshal(data, &in); err != nil {
			abuse++
			s.sendWS(conn, wsOut{Type: "error", Code: "malformed", Error: "message is not JSON"})
		} else {
			switch in.Type {
			case "time":
				s.sendWS(conn, wsOut{Type: "time", ID: in.ID, T0: in.T0, T1: received, T2: s.Now().UnixMilli()})
				return
			default:
				abuse++
				s.sendWS(conn, wsOut{Type: "error", Code: "unknown_type", Error: "unknown message type"})
			}
		}
		if abuse >= wsMaxAbuse {
			conn.Close(wshub.ClosePolicy, "too many bad messages")
		}
	})
}

// sendWS queues a reply. Error notices are dropped rather than closing a
// client that floods us; the abuse counter closes it instead.
func (s *server) sendWS(conn *wshub.Conn, m wsOut) {
	data, err := json.Marshal(m)
	if err != nil {
		return
	}
	pm, err := wshub.Prepare(data)
	if err != nil {
		return
	}
	if m.Type == "error" {
		conn.TrySend(pm)
	} else {
		conn.Send(pm)
	}
}
