package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/wshub"
	"github.com/weishi-dev/weishi/server/xlsx"
)

type debateEnv struct {
	*env
	org, org2, staff *client
	judges           map[int64]*client
	pool             []judging.Judge
	units            []account.Unit
	id               int64
	base             string
}

// newDebateEnv: four teams of four units (imported from .xlsx), five
// judges (six: the first of team 1's unit), panels of three, two rounds and a final.
func newDebateEnv(t *testing.T) *debateEnv {
	e := newEnv(t, options{features: func(db *sqlstore.DB, d *api.Deps) {
		d.Debate = debate.NewService(db.Debate(), time.Now, nil)
		d.ContestLive = d.Shared.(*live.Client)
	}})
	ctx := context.Background()
	de := &debateEnv{env: e, judges: map[int64]*client{}}
	for i := range 4 {
		u, err := e.accounts.CreateUnit(ctx, account.NewUnit{Name: fmt.Sprintf("%d大队", i+1), ParentID: &e.root.ID})
		if err != nil {
			t.Fatal(err)
		}
		de.units = append(de.units, u)
	}
	de.org, _ = e.user("org", e.root.ID, account.RoleOrganizer)
	de.org2, _ = e.user("org2", e.root.ID, account.RoleOrganizer)
	de.staff, _ = e.user("staff", e.root.ID, account.RoleStaff)
	for i := range 6 {
		unit := e.root.ID
		if i == 0 {
			unit = de.units[0].ID
		}
		c, u := e.user(fmt.Sprintf("dj%d", i), unit, account.RoleJudge)
		de.judges[u.ID] = c
		de.pool = append(de.pool, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: unit})
	}
	wantStatus(t, de.staff.call("POST", "/api/v1/debate/tournaments", map[string]any{"title": "x", "prelims": 2}), 403)
	r := de.org.call("POST", "/api/v1/debate/tournaments", map[string]any{"title": "执法辩论赛", "judges": de.pool, "panelSize": 3, "prelims": 2, "break": 2})
	wantStatus(t, r, 201)
	var tr debate.Tournament
	r.json(t, &tr)
	de.id, de.base = tr.ID, fmt.Sprintf("/api/v1/debate/tournaments/%d", tr.ID)
	return de
}

func (de *debateEnv) overview(t *testing.T) debate.Overview {
	t.Helper()
	r := de.org.call("GET", de.base, nil)
	wantStatus(t, r, 200)
	var o debate.Overview
	r.json(t, &o)
	return o
}

// ballotJSON is a pad's body: FillBallot without the fields the server sets.
func ballotJSON(f debate.Format, m debate.Match, pro, con float64, w debate.Side) map[string]any {
	b := debate.FillBallot(f, m, pro, con, w)
	return map[string]any{"stages": b.Stages, "overall": b.Overall, "speakers": b.Speakers, "winner": b.Winner}
}

func TestDebateHTTP(t *testing.T) {
	de := newDebateEnv(t)
	wantStatus(t, de.org2.call("GET", de.base, nil), 403)
	// teams from .xlsx: the template, row errors, all or nothing
	r := de.org.do("GET", "/api/v1/debate/teams/template.xlsx", nil, "")
	wantStatus(t, r, 200)
	if rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body)); err != nil || strings.Join(rows[0], ",") != strings.Join(debate.TeamColumns, ",") {
		t.Fatalf("template %v %v", rows, err)
	}
	rows := [][]string{debate.TeamColumns}
	for i, u := range de.units {
		rows = append(rows, []string{fmt.Sprintf("%d队", i+1), u.Name, fmt.Sprintf("甲%d", i), fmt.Sprintf("乙%d", i), fmt.Sprintf("丙%d", i), fmt.Sprintf("丁%d", i)})
	}
	bad := append(slices.Clone(rows), []string{"5队", "不存在的单位", "a", "b", "c", "d"})
	book, _ := xlsx.Write("队伍", bad)
	r = upload(de.org, de.base+"/teams/import", "t.xlsx", book)
	wantStatus(t, r, 200)
	var rep debate.TeamReport
	r.json(t, &rep)
	if len(rep.Teams) != 4 || len(rep.Errors) != 1 || rep.Errors[0].Row != 6 || rep.Errors[0].Errors["单位"] == "" {
		t.Fatalf("preview %s", r.body)
	}
	wantStatus(t, upload(de.org, de.base+"/teams/import?mode=import", "t.xlsx", book), 422)
	wantStatus(t, upload(de.org, de.base+"/teams/import?mode=import", "t.xlsx", []byte("<html>not a workbook</html>")), 422)
	wantStatus(t, upload(de.org2, de.base+"/teams/import?mode=import", "t.xlsx", book), 403)
	if o := de.overview(t); len(o.Teams) != 0 {
		t.Fatal("a refused import wrote teams")
	}
	book, _ = xlsx.Write("队伍", rows)
	wantStatus(t, upload(de.org, de.base+"/teams/import?mode=import", "t.xlsx", book), 200)

	// the draw: motion required (422 naming it), panels never recused
	r = de.org.call("POST", de.base+"/rounds", map[string]any{"motion": ""})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["motion"] == "" {
		t.Fatalf("motion field %s", r.body)
	}
	wantStatus(t, de.org2.call("POST", de.base+"/rounds", map[string]any{"motion": "x"}), 403)
	r = de.org.call("POST", de.base+"/rounds", map[string]any{"motion": "文化市场执法应以教育为主", "seed": "5"})
	wantStatus(t, r, 201)
	o := de.overview(t)
	if len(o.Matches) != 2 || o.Tournament.Status != debate.StatusRunning {
		t.Fatalf("overview %+v", o.Matches)
	}
	f := o.Tournament.Format
	var m debate.Match
	for _, x := range o.Matches {
		if x.Pro == o.Teams[0].ID || x.Con == o.Teams[0].ID {
			m = x.Match
			if slices.Contains(x.Judges, de.pool[0].UserID) {
				t.Fatal("a judge of team 1's unit sits on its match")
			}
		}
	}
	mbase := fmt.Sprintf("/api/v1/debate/matches/%d", m.ID)
	// a recused judge seated by hand: 422 naming the seat
	r = de.org.call("PUT", mbase+"/panel", map[string]any{"judges": []int64{m.Judges[0], de.pool[0].UserID}})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["judges[1]"] == "" {
		t.Fatalf("panel field %s", r.body)
	}
	// ballots: 403 off the panel (and recused), 422 naming the field
	good := ballotJSON(f, m, 0.8, 0.7, debate.Pro)
	wantStatus(t, de.judges[de.pool[0].UserID].call("POST", mbase+"/ballot", good), 403)
	wantStatus(t, de.staff.call("POST", mbase+"/ballot", good), 403)
	wantStatus(t, de.staff.call("GET", mbase+"/pad", nil), 403)
	j0 := de.judges[m.Judges[0]]
	over := ballotJSON(f, m, 0.8, 0.7, debate.Pro)
	over["speakers"].(map[int64]float64)[m.Lineup[debate.Con][2]] = 51
	r = j0.call("POST", mbase+"/ballot", over)
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields[fmt.Sprintf("speakers.%d", m.Lineup[debate.Con][2])] == "" {
		t.Fatalf("speaker field %s", r.body)
	}
	r = j0.call("POST", mbase+"/ballot", map[string]any{"winner": "pro", "stages": map[string]any{"free": map[string]any{"pro": "ten"}}})
	wantStatus(t, r, 422)
	wantStatus(t, j0.call("POST", mbase+"/ballot", good), 200)
	r = j0.call("POST", mbase+"/ballot", good)
	wantStatus(t, r, 200)
	var sub debate.Submitted
	r.json(t, &sub)
	if !sub.Duplicate {
		t.Fatal("the same ballot again is a duplicate")
	}
	wantStatus(t, j0.call("POST", mbase+"/ballot", ballotJSON(f, m, 0.5, 0.7, debate.Con)), 409)
	r = j0.call("GET", mbase+"/pad", nil)
	var pad debate.Pad
	r.json(t, &pad)
	if pad.Ballot == nil || pad.Seat != 1 || pad.Pro.Name == "" || len(pad.Match.Judges) != 0 {
		t.Fatalf("pad %s", r.body)
	}
	// the lock waits for every ballot, then ballots are 409
	r = de.org.call("POST", mbase+"/command", map[string]any{"type": "lock"})
	wantStatus(t, r, 409)
	for _, j := range m.Judges[1:] {
		wantStatus(t, de.judges[j].call("POST", mbase+"/ballot", good), 200)
	}
	wantStatus(t, de.judges[m.Judges[1]].call("POST", mbase+"/command", map[string]any{"type": "lock"}), 403)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "fly"}), 422)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "lock"}), 200)
	wantStatus(t, j0.call("POST", mbase+"/ballot", ballotJSON(f, m, 0.5, 0.7, debate.Con)), 409)
	// the board before the reveal shows no vote to the screen
	r = de.org2.call("GET", mbase+"/board?view=screen", nil)
	var b debate.Board
	r.json(t, &b)
	if len(b.Ballots) != 3 || b.Ballots[0].Shown || b.Ballots[0].Winner != "" || b.Outcome != nil {
		t.Fatalf("screen board %s", r.body)
	}
	wantStatus(t, de.staff.call("GET", mbase+"/board", nil), 403)
	wantStatus(t, de.staff.call("GET", de.base+"/standings", nil), 403)
	r = de.judges[m.Judges[1]].call("GET", "/api/v1/debate/my/matches", nil)
	var mine struct{ Items []debate.MyMatch }
	r.json(t, &mine)
	if len(mine.Items) == 0 || !mine.Items[0].Submitted {
		t.Fatalf("my matches %s", r.body)
	}
}

type debateSock struct {
	t  *testing.T
	ws *websocket.Conn
}

type debateMsg struct {
	Type  string        `json:"type"`
	Board *debate.Board `json:"board"`
}

func dialDebate(t *testing.T, addr string, c *client, id int64, role, origin string) (*debateSock, *http.Response, error) {
	h := http.Header{}
	var cookies []string
	for k, v := range c.cookies {
		cookies = append(cookies, k+"="+v)
	}
	h.Set("Cookie", strings.Join(cookies, "; "))
	h.Set("Origin", origin)
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial(fmt.Sprintf("ws://%s/ws/v1/debate/matches/%d?role=%s", addr, id, role), h)
	if err != nil {
		return nil, resp, err
	}
	t.Cleanup(func() { ws.Close() })
	return &debateSock{t: t, ws: ws}, resp, nil
}

func (s *debateSock) until(ok func(b debate.Board) bool) debate.Board {
	s.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.ws.SetReadDeadline(deadline)
		var m debateMsg
		if err := s.ws.ReadJSON(&m); err != nil {
			s.t.Fatalf("read: %v", err)
		}
		if m.Type == "board" && m.Board != nil && ok(*m.Board) {
			return *m.Board
		}
	}
}

// drawOne imports the teams and draws round 1; it returns a match.
func (de *debateEnv) drawOne(t *testing.T) (debate.Format, debate.Match) {
	t.Helper()
	var teams []map[string]any
	for i, u := range de.units {
		teams = append(teams, map[string]any{"name": fmt.Sprintf("%d队", i+1), "unitId": u.ID,
			"debaters": []map[string]string{{"name": fmt.Sprintf("甲%d", i)}, {"name": fmt.Sprintf("乙%d", i)}, {"name": fmt.Sprintf("丙%d", i)}, {"name": fmt.Sprintf("丁%d", i)}}})
	}
	wantStatus(t, de.org.call("POST", de.base+"/teams", map[string]any{"teams": teams}), 201)
	wantStatus(t, de.org.call("POST", de.base+"/rounds", map[string]any{"motion": "辩题"}), 201)
	o := de.overview(t)
	return o.Tournament.Format, o.Matches[0].Match
}

func TestDebateSocket(t *testing.T) {
	de := newDebateEnv(t)
	addr := de.listen()
	origin := "http://" + addr
	f, m := de.drawOne(t)
	mbase := fmt.Sprintf("/api/v1/debate/matches/%d", m.ID)
	if _, resp, err := dialDebate(t, addr, de.org2, m.ID, "screen", "http://evil.example"); err == nil || resp.StatusCode != 403 {
		t.Fatalf("foreign origin: %v", resp)
	}
	if _, resp, err := dialDebate(t, addr, de.staff, m.ID, "screen", origin); err == nil || resp.StatusCode != 403 {
		t.Fatalf("staff screen: %v", resp)
	}
	if _, resp, err := dialDebate(t, addr, de.judges[m.Judges[0]], m.ID, "console", origin); err == nil || resp.StatusCode != 403 {
		t.Fatalf("judge console: %v", resp)
	}
	if _, resp, err := dialDebate(t, addr, de.client(), m.ID, "screen", origin); err == nil || resp.StatusCode != 401 {
		t.Fatalf("no session: %v", resp)
	}
	screen, _, err := dialDebate(t, addr, de.org2, m.ID, "screen", origin)
	if err != nil {
		t.Fatal(err)
	}
	console, _, err := dialDebate(t, addr, de.org, m.ID, "console", origin)
	if err != nil {
		t.Fatal(err)
	}
	screen.until(func(b debate.Board) bool { return b.MatchID == m.ID })
	console.until(func(b debate.Board) bool { return b.MatchID == m.ID })
	// the stage and the chess clocks reach the screen
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "stage", "stage": 3}), 200)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "start", "side": "con"}), 200)
	b := screen.until(func(b debate.Board) bool { return b.Live.Clock != nil && b.Live.Clock.Running == debate.Con })
	if b.Live.Stage != 3 || b.Stages[3].Kind != debate.StageFree {
		t.Fatalf("live %+v", b.Live)
	}
	for i, j := range m.Judges {
		w := debate.Pro
		if i == 2 {
			w = debate.Con
		}
		wantStatus(t, de.judges[j].call("POST", mbase+"/ballot", ballotJSON(f, m, 0.8, 0.75, w)), 200)
	}
	b = screen.until(func(b debate.Board) bool {
		n := 0
		for _, x := range b.Ballots {
			if x.Submitted {
				n++
			}
		}
		return n == 3
	})
	if b.Ballots[0].Shown || b.Ballots[0].Winner != "" || b.Ballots[0].JudgeID != 0 {
		t.Fatalf("a vote before the reveal: %+v", b.Ballots[0])
	}
	cb := console.until(func(b debate.Board) bool { return b.Ballots[2].Submitted })
	if cb.Ballots[0].JudgeID == 0 || cb.Ballots[2].Winner != debate.Con {
		t.Fatalf("console board %+v", cb.Ballots)
	}
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "lock"}), 200)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "reveal"}), 200)
	b = screen.until(func(b debate.Board) bool { return b.Ballots[0].Shown })
	if b.Ballots[0].Winner != debate.Pro || b.Ballots[1].Shown || b.Ballots[0].Totals[debate.Pro] == 0 {
		t.Fatalf("one revealed %+v", b.Ballots)
	}
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "reveal"}), 200)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "reveal"}), 200)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "result", "show": true}), 200)
	b = screen.until(func(b debate.Board) bool { return b.Outcome != nil })
	if b.Outcome.Winner != debate.Pro || b.Outcome.Votes[debate.Pro] != 2 || b.BestName == "" || !b.Ballots[2].Shown {
		t.Fatalf("result %+v", b.Outcome)
	}
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "standings", "show": true}), 200)
	b = screen.until(func(b debate.Board) bool { return b.Standings != nil })
	if len(b.Standings.Rows) != 4 || b.Standings.Rows[0].Wins != 1 {
		t.Fatalf("standings %+v", b.Standings.Rows)
	}
	// a reconnecting screen gets the snapshot at once
	again, _, err := dialDebate(t, addr, de.org2, m.ID, "screen", origin)
	if err != nil {
		t.Fatal(err)
	}
	again.until(func(b debate.Board) bool { return b.Outcome != nil && b.Standings != nil && b.Ballots[2].Shown })
}

// TestDebateTwoInstances: a ballot submitted on instance a reaches a big
// screen on instance b over the bus, and one on an instance without the
// bus catches up from SQL.
func TestDebateTwoInstances(t *testing.T) {
	de := newDebateEnv(t)
	serve := func(bus bool) string {
		d := de.deps
		d.Metrics = prometheus.NewRegistry()
		d.Hub = wshub.New(16)
		d.Debate = debate.NewService(de.db.Debate(), time.Now, nil)
		if !bus {
			d.ContestLive = nil
		}
		app := api.New(d)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go app.Listener(ln)
		t.Cleanup(func() { app.ShutdownWithTimeout(2 * time.Second) })
		return ln.Addr().String()
	}
	addrB, addrC := serve(true), serve(false)
	f, m := de.drawOne(t)
	onB, _, err := dialDebate(t, addrB, de.org2, m.ID, "screen", "http://"+addrB)
	if err != nil {
		t.Fatal(err)
	}
	onC, _, err := dialDebate(t, addrC, de.org2, m.ID, "screen", "http://"+addrC)
	if err != nil {
		t.Fatal(err)
	}
	onB.until(func(b debate.Board) bool { return true })
	onC.until(func(b debate.Board) bool { return true })
	sent := time.Now()
	wantStatus(t, de.judges[m.Judges[0]].call("POST", fmt.Sprintf("/api/v1/debate/matches/%d/ballot", m.ID), ballotJSON(f, m, 0.8, 0.7, debate.Pro)), 200)
	onB.until(func(b debate.Board) bool { return b.Ballots[0].Submitted })
	if d := time.Since(sent); d > time.Second {
		t.Fatalf("instance b heard of the ballot after %v", d)
	}
	onC.until(func(b debate.Board) bool { return b.Ballots[0].Submitted })
}
