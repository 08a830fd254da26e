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
)

// A panic in a handler answers 500, and a panic in a websocket's net/http
// side (run by Fiber's adaptor in its own goroutine) closes that socket;
// both are counted and the server keeps serving.
func TestHandlerAndSocketPanicsAreRecoveredAndCounted(t *testing.T) {
	guard := safe.NewGuard(nil)
	s := &server{Deps: Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Guard: guard}}
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error { return c.SendStatus(500) }, DisableStartupMessage: true})
	app.Use(s.recoverer)
	app.Get("/boom", func(c *fiber.Ctx) error { panic("handler exploded") })
	app.Get("/ok", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/ws", func(c *fiber.Ctx) error {
		up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
		return s.upgraded(c, func(w http.ResponseWriter, r *http.Request) {
			ws, err := up.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			defer ws.Close()
			ws.ReadMessage()
			panic("socket exploded")
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
