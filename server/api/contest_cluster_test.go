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

// The Redis board's increments are checked against the game: a board
// whose member holds a wrong score (its member count is right, so only
// the increment's result shows it) is rebuilt from the game after the
// next score change of that side.
func TestContestRedisBoardCheckedOnIncrement(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	id := createPublished(t, hostC, demoContest(w))
	host := hostC.mustDial(id, "host")
	ctx := context.Background()
	b := w.rds.Leaderboard(fmt.Sprintf("contest:%d:sides", id))
	scores := func() map[string]float64 {
		top, err := b.Top(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, e := range top {
			out[e.Member] = e.Score
		}
		return out
	}
	waitFor := func(what string, ok func(map[string]float64) bool) {
		t.Helper()
		deadline := time.Now().Add(8 * time.Second)
		for {
			got := scores()
			if ok(got) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the Redis board is %v", what, got)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	host.cmd("next", nil)
	// the room built the board from the game when it opened
	waitFor("the first build", func(m map[string]float64) bool { return len(m) == 2 && m["1"] == 100 && m["2"] == 100 })
	// someone (a failed retry, an operator) leaves side 1 wrong in Redis
	if _, err := b.Incr(ctx, "1", 50); err != nil {
		t.Fatal(err)
	}
	// an increment of side 2 is right: nothing to rebuild, side 1 stays
	// wrong (the board sent to the sockets comes from the game anyway)
	host.cmd("adjust", map[string]any{"side": 2, "value": 3, "reason": "仲裁"})
	host.until(func(m outMsg) bool {
		for _, r := range m.Top {
			if m.Type == "board" && r.Side == 2 && r.Score == 103 {
				return true
			}
		}
		return false
	})
	waitFor("side 2's increment", func(m map[string]float64) bool { return m["2"] == 103 })
	if got := scores(); got["1"] != 150 {
		t.Fatalf("side 1 changed without a score change of its own: %v", got)
	}
	// side 1's next increment returns 155, not the game's 105: the board
	// is rebuilt from the game
	host.cmd("adjust", map[string]any{"side": 1, "value": 5, "reason": "仲裁"})
	waitFor("the rebuild after a wrong increment", func(m map[string]float64) bool { return len(m) == 2 && m["1"] == 105 && m["2"] == 103 })
}

var _ = fiber.StatusOK

// A buzzer question over sockets: a false start, presses in order, the
// floor, a wrong answer with a rebound and the timeline.
