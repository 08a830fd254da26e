package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/server/fault"
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
	userID := currentUser(c).ID
	upgrader := websocket.Upgrader{
		ReadBufferSize:  1024,
		WriteBufferSize: 1024,
		// The origin was checked above against the Fiber request.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	return s.upgraded(c, func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return // the upgrader has answered with an HTTP error
		}
		conn, err := s.Hub.Add(ws, userID)
		if err != nil {
			return
		}
		s.serveSocket(conn)
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
