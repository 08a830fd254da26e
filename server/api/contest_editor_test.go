package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
)

func TestContestBuzzerSocket(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	n := demoContest(w)
	n.Config.Rounds = n.Config.Rounds[1:] // the buzzer round first
	n.Config.Rounds[0].Rebound = true
	n.Config.Tolerance = 50
	n.Config.ArmLead = 300
	id := createPublished(t, hostC, n)
	host := hostC.mustDial(id, "host")
	p1 := w.login(addr, "p1").mustDial(id, "player")
	p2 := w.login(addr, "p2").mustDial(id, "player")

	host.cmd("next", nil)
	host.cmd("show", nil)
	p1.until(stateAt(contest.PhaseShown))
	p1.send(map[string]any{"type": "press", "ref": "early"}) // before arming: a false start, locked out
	if m := p1.until(func(m outMsg) bool { return m.Ref == "early" }); m.Type != "ack" || !strings.Contains(m.Note, "false start") {
		t.Fatalf("false start: %+v", m)
	}
	host.cmd("arm", nil)
	st := p2.until(stateAt(contest.PhaseArmed))
	time.Sleep(time.Until(time.UnixMilli(st.View.ArmAt)) + 20*time.Millisecond)
	p1.send(map[string]any{"type": "press", "ref": "p1"})
	if m := p1.until(func(m outMsg) bool { return m.Ref == "p1" }); m.Type != "refused" || !strings.Contains(m.Error, "locked out") {
		t.Fatalf("locked-out press: %+v", m)
	}
	p2.send(map[string]any{"type": "press", "ref": "p2"})
	p2.until(func(m outMsg) bool { return m.Type == "ack" && m.Ref == "p2" })
	hs := host.until(func(m outMsg) bool { return m.Type == "state" && m.View != nil && len(m.View.Buzz) == 1 })
	if hs.View.Floor != 2 || len(hs.View.FalseStarts) != 1 || hs.View.FalseStarts[0].Side != 1 {
		t.Fatalf("host view %+v", hs.View)
	}
	time.Sleep(60 * time.Millisecond) // the order settles after the tolerance
	host.cmd("judge", map[string]any{"right": false})
	host.cmd("reveal", nil)
	v := host.until(stateAt(contest.PhaseRevealed))
	if v.View.Teams[0].Side != 1 || v.View.Teams[0].Score != 100 || v.View.Teams[1].Score != 90 {
		t.Fatalf("scores %+v", v.View.Teams)
	}
}

// In an individual contest players join on connect and hear their own
// rank; a player whose rank and score did not change is not told again.
func TestContestIndividualRank(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	n := demoContest(w)
	n.Config.Mode, n.Config.Teams, n.Config.Players = contest.ModeIndividual, nil, nil
	n.Config.Rounds = n.Config.Rounds[:1]
	id := createPublished(t, hostC, n)
	host := hostC.mustDial(id, "host")
	p1 := w.login(addr, "p1").mustDial(id, "player")
	p2 := w.login(addr, "p3").mustDial(id, "player")
	host.cmd("next", nil)
	host.cmd("show", nil)
	host.cmd("open", nil)
	p1.until(stateAt(contest.PhaseOpen))
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "i1"})
	p1.until(func(m outMsg) bool { return m.Type == "ack" })
	host.cmd("reveal", nil)
	r1 := p1.until(func(m outMsg) bool { return m.Type == "rank" && m.Me != nil && m.Me.Score > 100 })
	if r1.Me.Rank != 1 || r1.Me.Score != 200 { // base score 100 + 100
		t.Fatalf("p1 rank %+v", r1.Me)
	}
	r2 := p2.until(func(m outMsg) bool { return m.Type == "rank" && m.Me != nil && m.Me.Rank == 2 })
	if r2.Me.Score != 100 {
		t.Fatalf("p3 rank %+v", r2.Me)
	}
	// another board (a host adjustment of p3) changes p3's score, not p1's rank or score
	host.cmd("adjust", map[string]any{"side": w.users["p3"].ID, "value": 10, "reason": "测试"})
	p2.until(func(m outMsg) bool { return m.Type == "rank" && m.Me != nil && m.Me.Score == 110 })
	p1.ws.SetReadDeadline(time.Now().Add(700 * time.Millisecond))
	for {
		_, data, err := p1.ws.ReadMessage()
		if err != nil {
			break // no more messages: fine
		}
		if strings.Contains(string(data), `"type":"rank"`) {
			t.Fatalf("p1 told again: %s", data)
		}
	}
}

func TestContestUpdateDraft(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	host, p1, admin := w.login(addr, "host"), w.login(addr, "p1"), w.login(addr, "admin")
	var draft contest.Contest
	if st := host.do("POST", "/api/v1/contests", demoContest(w), &draft); st != 201 {
		t.Fatalf("create: %d", st)
	}
	path := fmt.Sprintf("/api/v1/contests/%d", draft.ID)
	n := demoContest(w)
	n.Title = "改名后的竞赛"
	n.Config.BaseScore = 200
	n.Config.Rounds = n.Config.Rounds[:1]
	var got contest.Contest
	if st := host.do("PUT", path, n, &got); st != 200 || got.Title != "改名后的竞赛" || got.Config.BaseScore != 200 || len(got.Config.Rounds) != 1 || got.Status != contest.StatusDraft {
		t.Fatalf("update: %d %+v", st, got)
	}
	host.do("GET", path, nil, &got)
	if got.Title != "改名后的竞赛" || len(got.Config.Rounds) != 1 || got.Config.Rounds[0].Scoring != contest.ScoringFixed {
		t.Fatalf("stored after update: %+v", got)
	}
	var bad struct {
		Error struct {
			Code   string
			Fields map[string]string
		}
	}
	n.Config.Rounds[0].Points = 0
	n.Title = " "
	if st := host.do("PUT", path, n, &bad); st != 422 || bad.Error.Fields["title"] == "" {
		t.Fatalf("empty title: %d %+v", st, bad)
	}
	n.Title = "x"
	if st := host.do("PUT", path, n, &bad); st != 422 || bad.Error.Fields["config.rounds[0].points"] == "" {
		t.Fatalf("bad round: %d %+v", st, bad)
	}
	n.Config.Rounds[0].Points = 100
	if st := p1.do("PUT", path, n, nil); st != 403 {
		t.Fatalf("staff edits: %d", st)
	}
	// another organizer's draft: admin may edit it, a different organizer may not
	other, err := w.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: "org2", Name: "另一组织者", UnitID: w.users["host"].UnitID, Roles: []account.Role{account.RoleOrganizer}, Password: contestPassword})
	if err != nil {
		t.Fatal(err)
	}
	_ = other
	if st := w.login(addr, "org2").do("PUT", path, n, nil); st != 403 {
		t.Fatalf("another organizer edits: %d", st)
	}
	if st := admin.do("PUT", path, n, nil); st != 200 {
		t.Fatalf("admin edits: %d", st)
	}
	if st := host.do("PUT", "/api/v1/contests/999999", n, nil); st != 404 {
		t.Fatalf("missing contest: %d", st)
	}
	if st := host.do("POST", path+"/publish", nil, &got); st != 200 {
		t.Fatalf("publish: %d", st)
	}
	if st := host.do("PUT", path, n, &bad); st != 409 || bad.Error.Code == "" {
		t.Fatalf("editing a published contest: %d %+v", st, bad)
	}
	host.do("GET", path, nil, &got)
	if got.Title != "x" || got.Status != contest.StatusPublished {
		t.Fatalf("published contest changed: %+v", got)
	}
}

// In a risk round the team whose turn it is chooses its value on a phone
// (its captain, when it has one); the others are refused.
func TestContestRiskChooseSocket(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC := w.login(addr, "host")
	n := demoContest(w)
	n.Config.Players = append(n.Config.Players, contest.Player{UserID: w.users["p3"].ID, TeamID: 2, Name: "p3", Captain: true})
	n.Config.Rounds = []contest.Round{{Kind: contest.KindRisk, Title: "风险题", RiskValues: []int{10, 20, 30}, Questions: n.Config.Rounds[0].Questions}}
	id := createPublished(t, hostC, n)
	host := hostC.mustDial(id, "host")
	p1 := w.login(addr, "p1").mustDial(id, "player")
	p2 := w.login(addr, "p2").mustDial(id, "player")
	p3 := w.login(addr, "p3").mustDial(id, "player")
	aud := w.login(addr, "viewer").mustDial(id, "audience")

	host.cmd("next", nil)
	if st := p1.until(stateAt(contest.PhaseIntro)); st.View.PickSide != 1 {
		t.Fatalf("pick side %d, want team 1 (scores tied: team order)", st.View.PickSide)
	}
	refused := func(s *sock, ref string, value int, code, msg string) {
		t.Helper()
		s.send(map[string]any{"type": "choose", "ref": ref, "value": value})
		m := s.until(func(m outMsg) bool { return m.Ref == ref })
		if m.Type != "refused" || m.Code != code || !strings.Contains(m.Error, msg) {
			t.Fatalf("%s: %+v", ref, m)
		}
	}
	refused(aud, "aud", 20, "forbidden", "connect as a player")
	refused(p2, "other-team", 20, "conflict", "whose turn")
	refused(p1, "bad-value", 25, "invalid", "not a value")
	p1.send(map[string]any{"type": "choose", "ref": "ok", "value": 20})
	if m := p1.until(func(m outMsg) bool { return m.Ref == "ok" }); m.Type != "ack" || m.Seq == 0 {
		t.Fatalf("choose: %+v", m)
	}
	if st := host.until(func(m outMsg) bool { return m.Type == "state" && m.View != nil && m.View.RiskValue == 20 }); st.View.PickSide != 1 {
		t.Fatalf("host state after the choice %+v", st.View)
	}
	refused(p1, "twice", 30, "conflict", "already chosen")
	host.cmd("show", nil)
	host.cmd("open", nil)
	host.cmd("judge", map[string]any{"right": true})
	host.cmd("reveal", nil)
	if st := host.until(stateAt(contest.PhaseRevealed)); st.View.Teams[0].Side != 1 || st.View.Teams[0].Score != 120 {
		t.Fatalf("scores after the risk question %+v", st.View.Teams)
	}
	refused(p2, "not-captain", 10, "conflict", "captain")
	p3.send(map[string]any{"type": "choose", "ref": "captain", "value": 10})
	if m := p3.until(func(m outMsg) bool { return m.Ref == "captain" }); m.Type != "ack" {
		t.Fatalf("captain choose: %+v", m)
	}
	var tl struct {
		Items []struct{ Type, Detail, Name string }
	}
	hostC.do("GET", fmt.Sprintf("/api/v1/contests/%d/timeline", id), nil, &tl)
	chosen := 0
	for _, r := range tl.Items {
		if r.Type == contest.ActChoose {
			chosen++
			if r.Detail == "" {
				t.Errorf("choose row without its value: %+v", r)
			}
		}
	}
	if chosen != 2 {
		t.Fatalf("timeline has %d choices, want 2: %+v", chosen, tl.Items)
	}
}

func TestContestPeople(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	host, p1 := w.login(addr, "host"), w.login(addr, "p1")
	var people []struct {
		ID     int64
		Name   string
		UnitID int64
	}
	if st := host.do("GET", fmt.Sprintf("/api/v1/contests/people?unitId=%d", w.users["p1"].UnitID), nil, &people); st != 200 || len(people) < 5 {
		t.Fatalf("unit people: %d %+v", st, people)
	}
	for _, p := range people {
		if p.UnitID != w.users["p1"].UnitID {
			t.Fatalf("someone of another unit: %+v", p)
		}
	}
	if st := host.do("GET", "/api/v1/contests/people?unitId=999999", nil, &people); st != 200 || len(people) != 0 {
		t.Fatalf("empty unit: %d %+v", st, people)
	}
	if st := host.do("GET", "/api/v1/contests/people?q=p2", nil, &people); st != 200 || len(people) != 1 || people[0].ID != w.users["p2"].ID {
		t.Fatalf("search: %d %+v", st, people)
	}
	if st := p1.do("GET", "/api/v1/contests/people?q=p2", nil, nil); st != 403 {
		t.Fatalf("staff lists people: %d", st)
	}
}
