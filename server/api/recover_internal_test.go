package api

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/server/safe"
	"github.com/weishi-dev/weishi/server/wshub"
)

// A panic in a handler answers 500, and a panic in a websocket's reader
// (its own goroutine after the hijack) closes that socket; both are
// counted and the server keeps serving.
func TestHandlerAndSocketPanicsAreRecoveredAndCounted(t *testing.T) {
	guard := safe.NewGuard(nil)
	s := &server{Deps: Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Guard: guard, Hub: wshub.New(8)}}
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error { return c.SendStatus(500) }, DisableStartupMessage: true})
	app.Server().KeepHijackedConns = true // as New sets it for hijackSocket
	app.Use(s.recoverer)
	app.Get("/boom", func(c *fiber.Ctx) error { panic("handler exploded") })
	app.Get("/ok", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/ws", func(c *fiber.Ctx) error {
		return s.hijackSocket(c, 0, nil, func(conn *wshub.Conn) {
			conn.Serve(func([]byte) { panic("socket exploded") })
		})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.ShutdownWithTimeout(time.Second) })
	base := "http://" + ln.Addr().String()

	resp, err := http.Get(base + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Fatalf("handler panic answered %d", resp.StatusCode)
	}

	ws, _, err := websocket.DefaultDialer.Dial("ws://"+ln.Addr().String()+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.WriteMessage(websocket.TextMessage, []byte("hello"))
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := ws.ReadMessage(); err == nil {
		t.Fatal("the socket stayed open after its handler panicked")
	}
	ws.Close()

	resp, err = http.Get(base + "/ok")
	if err != nil {
		t.Fatalf("the server died: %v", err)
	}
	resp.Body.Close()
	want := map[string]uint64{"http": 1, "websocket": 1}
	for i := 0; i < 200; i++ {
		got := map[string]uint64{}
		for _, c := range guard.Counts() {
			got[c.Where] = c.N
		}
		if got["http"] == 1 && got["websocket"] == 1 && len(got) == 2 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("counts = %v, want %v", guard.Counts(), want)
}
