package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/contest"
)

func TestContestTwoInstances(t *testing.T) {
	w := newContestWorld(t, "")
	a, b := w.instance(), w.instance()
	hostC := w.login(a, "host")
	id := createPublished(t, hostC, demoContest(w))
	host := hostC.mustDial(id, "host")
	p1 := w.login(b, "p1").mustDial(id, "player")
	p2 := w.login(b, "p2").mustDial(id, "player")
	screen := w.login(b, "host").mustDial(id, "screen")

	// The host console on instance a lists the devices on instance b too.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var devs struct {
			Items []struct {
				Role string `json:"role"`
			} `json:"items"`
		}
		hostC.do("GET", fmt.Sprintf("/api/v1/contests/%d/devices", id), nil, &devs)
		roles := map[string]int{}
		for _, d := range devs.Items {
			roles[d.Role]++
		}
		if roles["host"] == 1 && roles["player"] == 2 && roles["screen"] == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("devices across instances: %+v", devs.Items)
		}
		time.Sleep(100 * time.Millisecond)
	}

	host.cmd("next", nil)
	host.cmd("show", nil)
	host.cmd("open", nil)
	p1.until(stateAt(contest.PhaseOpen))
	screen.until(stateAt(contest.PhaseOpen))
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "x1"})
	p2.send(map[string]any{"type": "answer", "choice": "A", "clientId": "x2"})
	p1.until(func(m outMsg) bool { return m.Type == "ack" })
	p2.until(func(m outMsg) bool { return m.Type == "ack" })
	// the host on the other instance sees both answers on its board
	hb := host.until(func(m outMsg) bool { return m.Type == "board" && m.Answered == 2 })
	if hb.Top[0].Score != 100 || hb.Top[1].Score != 100 {
		t.Fatalf("host board before the reveal %+v", hb)
	}
	host.cmd("reveal", nil)
	rv := screen.until(stateAt(contest.PhaseRevealed))
	if rv.View.Question.Answer != "A" {
		t.Fatalf("screen reveal %+v", rv.View.Question)
	}
	if hb := screen.until(func(m outMsg) bool { return m.Type == "board" && len(m.Top) == 2 && m.Top[1].Score == 200 }); hb.Top[0].Score != 200 {
		t.Fatalf("screen board after the reveal %+v", hb)
	}
	// a takeover on instance a closes the device on instance b
	p1a := w.login(a, "p1").mustDial(id, "player")
	p1.until(func(m outMsg) bool { return m.Type == "replaced" })
	p1a.send(map[string]any{"type": "sync"})
	if s := p1a.until(func(m outMsg) bool { return m.Type == "snapshot" }); s.View.Me.Score != 100 || s.View.Me.Team != 200 {
		t.Fatalf("p1 on a: %+v", s.View.Me)
	}
}

// Redis goes away mid-question and comes back empty: no answer is lost,
// and the board is rebuilt from SQL.
func TestContestRedisRestart(t *testing.T) {
	mr := miniredis.NewMiniRedis()
	if err := mr.StartAddr("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mr.Close)
	w := newContestWorld(t, "redis://"+mr.Addr()+"/0")
	addr := w.instance()
	hostC := w.login(addr, "host")
	id := createPublished(t, hostC, demoContest(w))
	host := hostC.mustDial(id, "host")
	p1 := w.login(addr, "p1").mustDial(id, "player")
	p2 := w.login(addr, "p2").mustDial(id, "player")
	host.cmd("next", nil)
	host.cmd("show", nil)
	host.cmd("open", nil)
	p1.until(stateAt(contest.PhaseOpen))
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "r1"})
	p1.until(func(m outMsg) bool { return m.Type == "ack" })
	host.until(func(m outMsg) bool { return m.Type == "board" && m.Answered == 1 })

	mr.Close() // Redis down mid-question
	p2.send(map[string]any{"type": "answer", "choice": "A", "clientId": "r2"})
	if m := p2.until(func(m outMsg) bool { return m.Type == "ack" || m.Type == "refused" }); m.Type != "ack" {
		t.Fatalf("answer while Redis is down: %+v", m)
	}
	host.cmd("reveal", nil) // the points enter the scores while Redis is down
	mr.FlushAll()           // it comes back empty
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	// the board is rebuilt from the game (the SQL log) and is complete
	deadline := time.Now().Add(10 * time.Second)
	for {
		m := host.until(func(m outMsg) bool { return m.Type == "board" || m.Type == "state" })
		if m.Type == "board" && len(m.Top) == 2 && m.Top[0].Score == 200 && m.Top[1].Score == 200 {
			break
		}
		if m.Type == "board" {
			t.Logf("board %+v", m.Top)
		}
		if time.Now().After(deadline) {
			t.Fatalf("board not rebuilt: %+v", m)
		}
		host.send(map[string]any{"type": "cmd", "cmd": "board", "ref": "poke"}) // refused while open; keeps traffic going
	}
	entries, err := w.db.Contests().Log(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	answers := 0
	for _, e := range entries {
		if e.Action.Type == contest.ActAnswer {
			answers++
		}
	}
	if answers != 2 {
		t.Fatalf("%d answers stored, want 2", answers)
	}
	n, err := w.rds.Leaderboard(fmt.Sprintf("contest:%d:sides", id)).Len(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("redis board has %d members (%v)", n, err)
	}
}

var _ = fiber.StatusOK

// A buzzer question over sockets: a false start, presses in order, the
// floor, a wrong answer with a rebound and the timeline.
