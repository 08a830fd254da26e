package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/contest"
)

// rawUntil reads messages until one of type typ and returns its raw JSON.
func (s *sock) rawUntil(typ string) map[string]json.RawMessage {
	s.t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for {
		s.ws.SetReadDeadline(deadline)
		_, data, err := s.ws.ReadMessage()
		if err != nil {
			s.t.Fatalf("read: %v", err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			s.t.Fatal(err)
		}
		if string(m["type"]) == `"`+typ+`"` {
			return m
		}
	}
}

// The smaller points of issue 9: wrong types name the field, long client
// ids and bad choices are refused with the reason, the snapshot carries
// seq at 0, an unknown role is 422, the player hears its own answer back
// as received, close is legal in a compulsory round.
func TestContestProtocolDetails(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC, p1C := w.login(addr, "host"), w.login(addr, "p1")
	n := demoContest(w)
	n.Config.Rounds = append([]contest.Round{{Kind: contest.KindCompulsory, Title: "必答", Points: 10, Questions: n.Config.Rounds[0].Questions}}, n.Config.Rounds...)
	id := createPublished(t, hostC, n)

	// an unknown role is invalid input (422), a role not allowed is 403
	if _, resp, err := p1C.dial(id, "judge"); err == nil || resp == nil || resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown role: %v %v", err, resp)
	}
	if _, resp, err := p1C.dial(id, "host"); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("player as host: %v %v", err, resp)
	}

	host, _, err := hostC.dial(id, "host")
	if err != nil {
		t.Fatal(err)
	}
	snap := host.rawUntil("snapshot")
	if string(snap["seq"]) != "0" || string(snap["top"]) == "" {
		t.Fatalf("snapshot at the start: seq %s top %s", snap["seq"], snap["top"])
	}
	p1 := p1C.mustDial(id, "player")

	// wrongly typed fields: error invalid naming the field
	for field, msg := range map[string]string{
		"id":    `{"type":"time","id":"abc","t0":1}`,
		"round": `{"type":"cmd","cmd":"start_round","round":"0","ref":"r"}`,
		"right": `{"type":"cmd","cmd":"judge","right":"yes","ref":"j"}`,
	} {
		host.ws.WriteMessage(1, []byte(msg))
		m := host.until(func(m outMsg) bool { return m.Type == "error" })
		if m.Code != "invalid" || m.Field != field || !strings.Contains(m.Error, field) {
			t.Fatalf("%s: %+v", field, m)
		}
	}

	host.cmd("next", nil) // the compulsory round
	host.cmd("show", nil)
	host.cmd("open", nil)
	st := host.until(func(m outMsg) bool { return m.Type == "state" && m.View != nil && m.View.Phase == contest.PhaseOpen })
	if !hasString(st.View.Legal, contest.CmdClose) || !hasString(st.View.Legal, contest.CmdJudge) {
		t.Fatalf("compulsory legal while open: %v", st.View.Legal)
	}
	// bad choices on team 1's question (p1 is on team 1)
	for _, c := range []string{"Z", "AB", "T"} {
		p1.send(map[string]any{"type": "answer", "choice": c, "clientId": "bad-" + c})
		m := p1.until(func(m outMsg) bool { return m.Type == "refused" })
		if m.Code != "invalid" || m.Field != "choice" || m.Error == "" || m.Error == "validation failed" {
			t.Fatalf("choice %q: %+v", c, m)
		}
	}
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": strings.Repeat("x", 65)})
	if m := p1.until(func(m outMsg) bool { return m.Type == "refused" }); m.Code != "invalid" || m.Field != "clientId" || !strings.Contains(m.Error, "too long") {
		t.Fatalf("65-character client id: %+v", m)
	}
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": strings.Repeat("y", 64)})
	p1.until(func(m outMsg) bool { return m.Type == "ack" })
	me := p1.until(func(m outMsg) bool { return m.Type == "me" && m.Me != nil && m.Me.Answer != nil })
	if a := me.Me.Answer; a.Status != contest.AnswerReceived || a.Choice != "A" || a.Right != nil || a.Points != nil {
		t.Fatalf("own answer before the reveal: %+v", a)
	}
	host.cmd("reveal", nil)
	me = p1.until(func(m outMsg) bool {
		return m.Type == "me" && m.Me != nil && m.Me.Answer != nil && m.Me.Answer.Status != contest.AnswerReceived
	})
	if a := me.Me.Answer; a.Status != contest.AnswerRight || a.Right == nil || !*a.Right || *a.Points != 10 || a.Correct != "A" || me.Me.Rank != 1 || me.Me.Team != 110 {
		t.Fatalf("own answer after the reveal: %+v %+v", me.Me, a)
	}

	// the API description lists the enums with what they mean
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Enum        []string          `json:"enum"`
				Descs       map[string]string `json:"x-enum-descriptions"`
				Description string            `json:"description"`
			} `json:"schemas"`
		} `json:"components"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	hostC.do("GET", "/api/openapi.json", nil, &doc)
	if got := doc.Components.Schemas["ContestCommand"].Enum; !reflect.DeepEqual(got, contest.HostCommands) {
		t.Fatalf("command enum %v", got)
	}
	if got := doc.Components.Schemas["ContestRole"].Enum; len(got) != 4 || doc.Components.Schemas["ContestRole"].Descs["screen"] == "" {
		t.Fatalf("role enum %+v", doc.Components.Schemas["ContestRole"])
	}
	body := string(doc.Paths["/api/v1/contests"]["post"])
	for _, want := range []string{`"compulsory"`, `"tiebreak"`, `"kahoot"`, `"mean"`, `"lockout"`, `"close"`, "x-enum-descriptions"} {
		if !strings.Contains(body, want) {
			t.Errorf("POST /api/v1/contests schema lacks %s", want)
		}
	}
}

// A big screen that connects mid-contest has the board at once, in the
// snapshot; the individual rank message names the player.
func TestContestLateScreenHasTheBoard(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	n := demoContest(w)
	n.Config.Mode, n.Config.Teams, n.Config.Players = contest.ModeIndividual, nil, nil
	n.Config.Rounds = n.Config.Rounds[:1]
	id := createPublished(t, hostC, n)
	host := hostC.mustDial(id, "host")
	p1 := w.login(addr, "p1").mustDial(id, "player")
	w.login(addr, "p2").mustDial(id, "player")
	host.cmd("next", nil)
	host.cmd("show", nil)
	host.cmd("open", nil)
	p1.until(stateAt(contest.PhaseOpen))
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "l1"})
	p1.until(func(m outMsg) bool { return m.Type == "ack" })
	host.cmd("reveal", nil)
	r := p1.until(func(m outMsg) bool { return m.Type == "rank" && m.Me != nil && m.Me.Score == 200 })
	if r.Me.Name != "用户p1" || r.Me.Rank != 1 {
		t.Fatalf("rank %+v", r.Me)
	}
	screen, _, err := hostC.dial(id, "screen")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Seq  int64 `json:"seq"`
		View struct {
			Phase contest.Phase `json:"phase"`
		} `json:"view"`
		Top []struct {
			Name  string
			Score int
			Rank  int
		} `json:"top"`
		Total int `json:"total"`
	}
	raw := screen.rawUntil("snapshot")
	data, _ := json.Marshal(raw)
	json.Unmarshal(data, &s)
	if s.View.Phase != contest.PhaseRevealed || s.Total != 2 || len(s.Top) != 2 || s.Top[0].Name != "用户p1" || s.Top[0].Score != 200 || s.Top[1].Score != 100 {
		t.Fatalf("late screen snapshot %s", data)
	}
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var _ = fmt.Sprint

// The deadline closes by the server's clock over real sockets: every
// socket hears the clock's close and, with autoReveal, the reveal with the
// points; the timeline logs both as the clock's.
func TestContestDeadlineOverSockets(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	nc := demoContest(w)
	nc.Config.Rounds = nc.Config.Rounds[:1]
	nc.Config.Rounds[0].TimeLimit = 3 // room for the answer on a loaded machine
	nc.Config.Rounds[0].AutoReveal = true
	id := createPublished(t, hostC, nc)
	n := 0
	var rvSeen *outMsg
	host := hostC.mustDial(id, "host")
	p1 := w.login(addr, "p1").mustDial(id, "player")
	screen := hostC.mustDial(id, "screen")
	host.cmd("next", nil)
	host.cmd("show", nil)
	host.cmd("open", nil)
	open := screen.until(stateAt(contest.PhaseOpen))
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "d1"})
	p1.until(func(m outMsg) bool { return m.Type == "ack" })
	// states are whole views, latest wins: the close may be folded into
	// the reveal that follows it at once; a close seen hides the answer
	closed := screen.until(func(m outMsg) bool {
		return m.Type == "state" && m.View != nil && (m.View.Phase == contest.PhaseClosed || m.View.Phase == contest.PhaseRevealed)
	})
	if closed.Seq <= open.Seq || closed.View.Phase == contest.PhaseClosed && closed.View.Question.Answer != "" {
		t.Fatalf("clock close %+v", closed)
	}
	if closed.View.Phase == contest.PhaseRevealed {
		rvSeen = &closed
	}
	rv := closed
	if rvSeen == nil {
		rv = screen.until(stateAt(contest.PhaseRevealed))
	}
	if rv.View.Teams[0].Side != 1 || rv.View.Teams[0].Score != 200 || rv.View.Question.Answer != "A" {
		t.Fatalf("clock reveal %+v", rv.View.Teams)
	}
	p1.until(func(m outMsg) bool {
		return m.Type == "me" && m.Me != nil && m.Me.Answer != nil && m.Me.Answer.Status == contest.AnswerRight
	})
	entries, err := w.db.Contests().Log(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var clock []string
	for _, e := range entries {
		if e.Action.Clock {
			clock = append(clock, e.Action.Type)
		}
	}
	if strings.Join(clock, ",") != "close,reveal" {
		t.Fatalf("clock entries %v", clock)
	}
	var tl struct {
		Items []struct {
			Type  string
			Clock bool
		}
	}
	hostC.do("GET", fmt.Sprintf("/api/v1/contests/%d/timeline", id), nil, &tl)
	n = 0
	for _, it := range tl.Items {
		if it.Clock {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("the timeline marks %d clock rows: %+v", n, tl.Items)
	}
}

// Answers send no state: not at once and not with the room's periodic
// re-read of the log (which used to send one every 2 s while answers
// arrived, because they advanced the log past the last state).
func TestContestAnswersSendNoState(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	id := createPublished(t, hostC, demoContest(w))
	host := hostC.mustDial(id, "host")
	p1 := w.login(addr, "p1").mustDial(id, "player")
	p2 := w.login(addr, "p2").mustDial(id, "player")
	screen := hostC.mustDial(id, "screen")
	host.cmd("next", nil)
	host.cmd("show", nil)
	host.cmd("open", nil)
	screen.until(stateAt(contest.PhaseOpen))
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "s1"})
	p1.until(func(m outMsg) bool { return m.Type == "ack" })
	p2.send(map[string]any{"type": "answer", "choice": "B", "clientId": "s2"})
	p2.until(func(m outMsg) bool { return m.Type == "ack" })
	boards := 0
	end := time.Now().Add(2*time.Second + 700*time.Millisecond) // past a re-read tick
	for {
		screen.ws.SetReadDeadline(end)
		_, data, err := screen.ws.ReadMessage()
		if err != nil {
			break
		}
		var m outMsg
		_ = json.Unmarshal(data, &m)
		if m.Type == "state" {
			t.Fatalf("a state after answers: seq %d phase %s", m.Seq, m.View.Phase)
		}
		if m.Type == "board" {
			boards++
		}
	}
	if boards == 0 {
		t.Fatal("no board with the answered count")
	}
}

// The server's clock closes (and reveals) a question while this instance
// has no socket in the contest's room: the clock's entries then go to the
// Redis board and the bus only. (The merge of issue 10 once handed them to
// a room with no loop, and the clock waited there for ever: no reveal.)
func TestContestClockWithNoSocketsHere(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	nc := demoContest(w)
	nc.Config.Rounds = nc.Config.Rounds[:1]
	nc.Config.Rounds[0].TimeLimit = 2
	nc.Config.Rounds[0].AutoReveal = true
	id := createPublished(t, hostC, nc)
	host := hostC.mustDial(id, "host")
	host.cmd("next", nil)
	host.cmd("show", nil)
	host.cmd("open", nil)
	host.ws.Close() // the room closes: nobody here when the deadline comes
	deadline := time.Now().Add(15 * time.Second)
	var clock []string
	for time.Now().Before(deadline) {
		entries, err := w.db.Contests().Log(context.Background(), id, 0)
		if err != nil {
			t.Fatal(err)
		}
		clock = clock[:0]
		for _, e := range entries {
			if e.Action.Clock {
				clock = append(clock, e.Action.Type)
			}
		}
		if len(clock) == 2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if strings.Join(clock, ",") != "close,reveal" {
		t.Fatalf("clock entries %v", clock)
	}
	screen := hostC.mustDial(id, "host")
	screen.send(map[string]any{"type": "sync"})
	if s := screen.until(func(m outMsg) bool { return m.Type == "snapshot" }); s.View.Phase != contest.PhaseRevealed {
		t.Fatalf("after the clock: %+v", s.View)
	}
}
