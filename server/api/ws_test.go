package api_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/sqlstore"
)

// wsLogin logs in over real HTTP and returns the session cookie header.
func wsLogin(t *testing.T, addr string) string {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/api/v1/auth/login", "application/json", strings.NewReader(`{"account":"admin","password":"`+adminPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "weishi_session" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("no session cookie (status %d)", resp.StatusCode)
	return ""
}

func dial(t *testing.T, addr, cookie, origin string) (*websocket.Conn, *http.Response, error) {
	h := http.Header{}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	if origin != "" {
		h.Set("Origin", origin)
	}
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	return d.Dial("ws://"+addr+"/ws/v1", h)
}

type wsMsg struct {
	Type   string `json:"type"`
	ID     int64  `json:"id"`
	T0     int64  `json:"t0"`
	T1     int64  `json:"t1"`
	T2     int64  `json:"t2"`
	UserID int64  `json:"userId"`
	Code   string `json:"code"`
}

func read(t *testing.T, ws *websocket.Conn) wsMsg {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var m wsMsg
	if err := ws.ReadJSON(&m); err != nil {
		t.Fatalf("read: %v", err)
	}
	return m
}

func TestWebsocket(t *testing.T) {
	e := newEnv(t)
	addr := e.listen()
	cookie := wsLogin(t, addr)
	origin := "http://" + addr

	t.Run("refuses without a session", func(t *testing.T) {
		_, resp, err := dial(t, addr, "", origin)
		if err == nil || resp == nil || resp.StatusCode != 401 {
			t.Fatalf("want 401, got %v %v", resp, err)
		}
	})
	t.Run("refuses a foreign origin", func(t *testing.T) {
		_, resp, err := dial(t, addr, cookie, "https://evil.example")
		if err == nil || resp == nil || resp.StatusCode != 403 {
			t.Fatalf("want 403, got %v %v", resp, err)
		}
		_, resp, err = dial(t, addr, cookie, "")
		if err == nil || resp == nil || resp.StatusCode != 403 {
			t.Fatalf("a missing origin must be refused too, got %v %v", resp, err)
		}
	})
	t.Run("clock sync and bad messages", func(t *testing.T) {
		ws, _, err := dial(t, addr, cookie, origin)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		if m := read(t, ws); m.Type != "welcome" || m.UserID == 0 || m.T2 == 0 {
			t.Fatalf("welcome %+v", m)
		}
		before := time.Now().UnixMilli()
		ws.WriteJSON(map[string]any{"type": "time", "id": 7, "t0": before})
		m := read(t, ws)
		after := time.Now().UnixMilli()
		if m.Type != "time" || m.ID != 7 || m.T0 != before || m.T1 < before || m.T2 < m.T1 || m.T2 > after {
			t.Fatalf("time reply %+v (before %d after %d)", m, before, after)
		}
		ws.WriteMessage(websocket.TextMessage, []byte("{not json"))
		if m := read(t, ws); m.Type != "error" || m.Code != "malformed" {
			t.Fatalf("malformed %+v", m)
		}
		ws.WriteJSON(map[string]any{"type": "launch"})
		if m := read(t, ws); m.Type != "error" || m.Code != "unknown_type" {
			t.Fatalf("unknown %+v", m)
		}
		// The connection is still usable after bad messages.
		ws.WriteJSON(map[string]any{"type": "time", "id": 8, "t0": 1})
		if m := read(t, ws); m.ID != 8 {
			t.Fatalf("still alive %+v", m)
		}
		if e.hub.Open() != 1 {
			t.Fatalf("open connections %d", e.hub.Open())
		}
	})
	t.Run("repeated abuse closes with 1008", func(t *testing.T) {
		ws, _, err := dial(t, addr, cookie, origin)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		read(t, ws)
		for i := 0; i < 25; i++ {
			ws.WriteMessage(websocket.TextMessage, []byte("garbage"))
		}
		var ce *websocket.CloseError
		ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
					t.Fatalf("want close 1008, got %v", err)
				}
				break
			}
		}
	})
	t.Run("oversized message closes with 1009", func(t *testing.T) {
		ws, _, err := dial(t, addr, cookie, origin)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		read(t, ws)
		ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"time","pad":"`+strings.Repeat("x", 8<<10)+`"}`))
		ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				var ce *websocket.CloseError
				if !errors.As(err, &ce) || ce.Code != websocket.CloseMessageTooBig {
					t.Fatalf("want 1009, got %v", err)
				}
				break
			}
		}
	})
	t.Run("shutdown sends a close frame", func(t *testing.T) {
		ws, _, err := dial(t, addr, cookie, origin)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		read(t, ws)
		go e.hub.Shutdown(time.Now().Add(3 * time.Second))
		ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, _, err = ws.ReadMessage()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
			t.Fatalf("want close 1001, got %v", err)
		}
		deadline := time.Now().Add(3 * time.Second)
		for e.hub.Open() != 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if e.hub.Open() != 0 {
			t.Fatalf("connections left open: %d", e.hub.Open())
		}
		// A connection that arrives during shutdown is closed at once with 1001.
		late, _, err := dial(t, addr, cookie, origin)
		if err != nil {
			t.Fatal(err)
		}
		defer late.Close()
		late.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, _, err = late.ReadMessage(); !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
			t.Fatalf("late connection: want 1001, got %v", err)
		}
	})
}

// The Origin check compares the scheme as well as the host: a page served
// over https may not open a socket on the http site of the same host (nor
// the reverse) unless that origin is listed in AllowedOrigins.
func TestWebsocketOriginScheme(t *testing.T) {
	for _, tc := range []struct {
		name    string
		allowed []string
		origin  string
		want    int
	}{
		{"same scheme and host", nil, "http://weishi.test", 101},
		{"https page, http site", nil, "https://weishi.test", 403},
		{"other host", nil, "http://evil.test", 403},
		{"host with another port", nil, "http://weishi.test:8443", 403},
		{"not a URL", nil, "weishi.test", 403},
		{"https listed", []string{"https://weishi.test"}, "https://weishi.test", 101},
		{"listed with another scheme", []string{"https://weishi.test"}, "ftp://weishi.test", 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, options{features: func(_ *sqlstore.DB, d *api.Deps) { d.AllowedOrigins = tc.allowed }})
			addr := e.listen()
			cookie := wsLogin(t, addr)
			h := http.Header{"Cookie": {cookie}, "Origin": {tc.origin}, "Host": {"weishi.test"}}
			d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
			ws, resp, err := d.Dial("ws://"+addr+"/ws/v1", h)
			if ws != nil {
				ws.Close()
			}
			if resp == nil {
				t.Fatalf("no response: %v", err)
			}
			if resp.StatusCode != tc.want {
				t.Fatalf("origin %q: status %d, want %d", tc.origin, resp.StatusCode, tc.want)
			}
		})
	}
}
