package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/quiz/debate"
)

// The judge's server-side draft, the organizer's unlock and reopen with
// their reasons in the audit trail, the hand-seated panel explained, and
// the tournament screen over HTTP and its websocket.
func TestDebateDraftUnlockReopenAudit(t *testing.T) {
	de := newDebateEnv(t)
	addr := de.listen()
	f, m := de.drawOne(t)
	mbase := fmt.Sprintf("/api/v1/debate/matches/%d", m.ID)
	j0 := de.judges[m.Judges[0]]

	// the tournament screen's socket sees the draw, then each change
	h := http.Header{}
	var cookies []string
	for k, v := range de.org2.cookies {
		cookies = append(cookies, k+"="+v)
	}
	h.Set("Cookie", strings.Join(cookies, "; "))
	h.Set("Origin", "http://"+addr)
	ws, _, err := (&websocket.Dialer{HandshakeTimeout: 5 * time.Second}).Dial(fmt.Sprintf("ws://%s/ws/v1/debate/tournaments/%d", addr, de.id), h)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	screen := func(ok func(sc debate.TournamentScreen) bool) debate.TournamentScreen {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			ws.SetReadDeadline(deadline)
			var msg struct {
				Type  string                   `json:"type"`
				Board *debate.TournamentScreen `json:"board"`
			}
			if err := ws.ReadJSON(&msg); err != nil {
				t.Fatalf("tournament socket: %v", err)
			}
			if msg.Type == "board" && msg.Board != nil && ok(*msg.Board) {
				return *msg.Board
			}
		}
	}
	sc := screen(func(sc debate.TournamentScreen) bool { return sc.Round != nil })
	if sc.Round.Number != 1 || len(sc.Round.Matches) != 2 || !sc.Projected || len(sc.Bracket) != 1 || sc.Bracket[0].Matches[0].ProName == "" {
		t.Fatalf("screen %+v", sc)
	}
	wantStatus(t, de.staff.call("GET", fmt.Sprintf("/api/v1/debate/tournaments/%d/screen", de.id), nil), 403)
	wantStatus(t, j0.call("GET", fmt.Sprintf("/api/v1/debate/tournaments/%d/screen", de.id), nil), 200)

	// the draft: the panel only, kept across a "device change" (a fresh read)
	draft := map[string]any{"stages": map[string]any{"opening": map[string]float64{"pro": 33.5}}, "winner": "pro"}
	wantStatus(t, de.org.call("PUT", mbase+"/draft", draft), 403)
	wantStatus(t, j0.call("PUT", mbase+"/draft", draft), 200)
	var pad debate.Pad
	r := j0.call("GET", mbase+"/pad", nil)
	wantStatus(t, r, 200)
	r.json(t, &pad)
	if pad.Draft == nil || pad.Draft.Stages["opening"][debate.Pro] != 33.5 || pad.Draft.Winner != debate.Pro || pad.Ballot != nil {
		t.Fatalf("pad draft %s", r.body)
	}
	wantStatus(t, j0.call("PUT", mbase+"/draft", map[string]any{"comment": strings.Repeat("长", 2001)}), 422)

	// every judge submits; the submit drops the draft
	for i, j := range m.Judges {
		w := debate.Pro
		if i == 2 {
			w = debate.Con
		}
		wantStatus(t, de.judges[j].call("POST", mbase+"/ballot", ballotJSON(f, m, 0.8, 0.7, w)), 200)
	}
	r = j0.call("GET", mbase+"/pad", nil)
	pad = debate.Pad{}
	r.json(t, &pad)
	if pad.Draft != nil || pad.Ballot == nil {
		t.Fatalf("after submit %s", r.body)
	}
	wantStatus(t, j0.call("PUT", mbase+"/draft", draft), 409)

	// the panel is fixed once a ballot is in (409)
	wantStatus(t, de.org.call("PUT", mbase+"/panel", map[string]any{"judges": m.Judges}), 409)

	// reopen: organizer only, a reason required, not on a locked match
	reopen := fmt.Sprintf("%s/ballots/%d/reopen", mbase, m.Judges[2])
	wantStatus(t, de.org2.call("POST", reopen, map[string]any{"reason": "x"}), 403)
	r = de.org.call("POST", reopen, map[string]any{"reason": " "})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["reason"] == "" {
		t.Fatalf("reason field %s", r.body)
	}
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "lock"}), 200)
	wantStatus(t, de.org.call("POST", reopen, map[string]any{"reason": "评委3误投"}), 409)
	wantStatus(t, de.judges[m.Judges[2]].call("POST", mbase+"/ballot", ballotJSON(f, m, 0.7, 0.8, debate.Pro)), 409)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "reveal"}), 200)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "result", "show": true}), 200)
	screen(func(sc debate.TournamentScreen) bool {
		for _, x := range sc.Round.Matches {
			if x.MatchID == m.ID && x.Winner == debate.Pro {
				return true
			}
		}
		return false
	})

	// unlock: organizer only, with a reason; the reveal and the result are hidden again
	wantStatus(t, de.org2.call("POST", mbase+"/unlock", map[string]any{"reason": "x"}), 403)
	wantStatus(t, de.org.call("POST", mbase+"/unlock", map[string]any{"reason": ""}), 422)
	r = de.org.call("POST", mbase+"/unlock", map[string]any{"reason": "评委3反映投票有误"})
	wantStatus(t, r, 200)
	var lv debate.Live
	r.json(t, &lv)
	if lv.Revealed != 0 || lv.Result {
		t.Fatalf("live after unlock %+v", lv)
	}
	wantStatus(t, de.org.call("POST", mbase+"/unlock", map[string]any{"reason": "again"}), 409)
	wantStatus(t, de.org.call("POST", reopen, map[string]any{"reason": "评委3误投"}), 200)
	wantStatus(t, de.org.call("POST", reopen, map[string]any{"reason": "评委3误投"}), 404)
	// the judge submits again, with the other vote; the match locks with 3:0
	wantStatus(t, de.judges[m.Judges[2]].call("POST", mbase+"/ballot", ballotJSON(f, m, 0.8, 0.7, debate.Pro)), 200)
	wantStatus(t, de.org.call("POST", mbase+"/command", map[string]any{"type": "lock"}), 200)
	o := de.overview(t)
	for _, x := range o.Matches {
		if x.ID == m.ID && (x.Outcome == nil || x.Outcome.Votes[debate.Pro] != 3) {
			t.Fatalf("outcome after the reopen %+v", x.Outcome)
		}
	}

	// the audit trail: organizer only, oldest first, the reopened ballot kept whole
	wantStatus(t, de.org2.call("GET", de.base+"/audit", nil), 403)
	r = de.org.call("GET", de.base+"/audit", nil)
	wantStatus(t, r, 200)
	var trail struct{ Items []debate.AuditEntry }
	r.json(t, &trail)
	if len(trail.Items) != 2 || trail.Items[0].Action != debate.AuditUnlock || trail.Items[0].Reason != "评委3反映投票有误" ||
		trail.Items[1].Action != debate.AuditReopen || trail.Items[1].JudgeID != m.Judges[2] {
		t.Fatalf("trail %s", r.body)
	}
	var old debate.Ballot
	if err := json.Unmarshal([]byte(trail.Items[1].Detail), &old); err != nil || old.Winner != debate.Con {
		t.Fatalf("the reopened ballot is not kept: %s", trail.Items[1].Detail)
	}

	// the other match: a hand-seated panel with a recused judge is refused, naming the seat
	var other debate.MatchView
	for _, x := range o.Matches {
		if x.ID != m.ID {
			other = x
		}
	}
	recused := int64(0)
	for _, p := range de.pool {
		if p.UnitID == de.units[0].ID {
			recused = p.UserID
		}
	}
	team1 := o.Teams[0].ID
	if other.Pro == team1 || other.Con == team1 {
		r = de.org.call("PUT", fmt.Sprintf("/api/v1/debate/matches/%d/panel", other.ID), map[string]any{"judges": []int64{recused}})
		wantStatus(t, r, 422)
		if !strings.Contains(r.err(t).Error.Fields["judges[0]"], "回避") && !strings.Contains(r.err(t).Error.Fields["judges[0]"], "recusal") {
			t.Fatalf("recusal message %s", r.body)
		}
	}
	// a panel that really changes (a judge off the drawn panel comes on):
	// re-seating the same panel is not a change and records nothing
	free := []int64{}
	for _, off := range []bool{true, false} {
		for _, p := range de.pool {
			if p.UserID != recused && len(free) < 3 && slices.Contains(other.Judges, p.UserID) != off && !slices.Contains(free, p.UserID) {
				free = append(free, p.UserID)
			}
		}
	}
	wantStatus(t, de.org.call("PUT", fmt.Sprintf("/api/v1/debate/matches/%d/panel", other.ID), map[string]any{"judges": other.Judges, "reason": "不变"}), 200)
	wantStatus(t, de.org.call("PUT", fmt.Sprintf("/api/v1/debate/matches/%d/panel", other.ID), map[string]any{"judges": free, "reason": "调整"}), 200)
	r = de.org.call("GET", de.base+"/audit", nil)
	trail.Items = nil
	r.json(t, &trail)
	if len(trail.Items) != 3 || trail.Items[2].Action != debate.AuditPanel || trail.Items[2].Reason != "调整" {
		t.Fatalf("panel not in the trail (or the unchanged panel recorded) %s", r.body)
	}
}
