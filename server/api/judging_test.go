package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/wshub"
	"github.com/weishi-dev/weishi/server/xlsx"
)

type judgingEnv struct {
	*env
	org, org2, staff *client
	judges           []*client
	judgeUsers       []account.User
	unitA, unitB     account.Unit
}

func newJudgingEnv(t *testing.T) *judgingEnv {
	e := newEnv(t, options{features: func(db *sqlstore.DB, d *api.Deps) {
		d.Judging = judging.NewService(db.Judging(), time.Now, nil)
		d.ContestLive = d.Shared.(*live.Client)
	}})
	return judgingEnvOn(t, e)
}

// judgingEnvOn seats the organizers, a staff member and four judges on e.
func judgingEnvOn(t *testing.T, e *env) *judgingEnv {
	ctx := context.Background()
	je := &judgingEnv{env: e}
	var err error
	if je.unitA, err = e.accounts.CreateUnit(ctx, account.NewUnit{Name: "一大队", ParentID: &e.root.ID}); err != nil {
		t.Fatal(err)
	}
	if je.unitB, err = e.accounts.CreateUnit(ctx, account.NewUnit{Name: "二大队", ParentID: &e.root.ID}); err != nil {
		t.Fatal(err)
	}
	je.org, _ = e.user("org", e.root.ID, account.RoleOrganizer)
	je.org2, _ = e.user("org2", e.root.ID, account.RoleOrganizer)
	je.staff, _ = e.user("staff", je.unitA.ID, account.RoleStaff)
	for i, unit := range []int64{je.unitA.ID, e.root.ID, e.root.ID, e.root.ID} {
		c, u := e.user(fmt.Sprintf("judge%d", i+1), unit, account.RoleJudge)
		je.judges = append(je.judges, c)
		je.judgeUsers = append(je.judgeUsers, u)
	}
	return je
}

func (je *judgingEnv) config() judging.Config {
	var panel []judging.Judge
	for _, u := range je.judgeUsers {
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
	}
	return judging.Config{
		Rubric: judging.Rubric{
			Criteria: []judging.Criterion{{Key: "content", Name: "内容", Max: 4, Step: 0.5}, {Key: "delivery", Name: "表达", Max: 6, Step: 0.5}},
			Timing:   judging.Timing{Limit: 300, Warn: 60, Bands: []judging.Band{{Upto: 30, Deduct: 0.5}, {Deduct: 1}}},
		},
		Aggregation: judging.Aggregation{Method: judging.MethodTrimmed, Trim: 1, Precision: 2, TieKey: "content"},
		Tiers:       []judging.Tier{{Name: "一等奖", Count: 1}},
		Panel:       panel,
		Live:        true,
	}
}

func upload(c *client, path, name string, data []byte) response {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	return c.do("POST", path, &buf, w.FormDataContentType())
}

func sheetOf(content, delivery float64) map[string]any {
	return map[string]any{"scores": map[string]float64{"content": content, "delivery": delivery}}
}

func TestJudgingHTTP(t *testing.T) {
	je := newJudgingEnv(t)
	wantStatus(t, je.staff.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "x"}), 403)
	wantStatus(t, je.judges[0].call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "x"}), 403)
	r := je.org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "主题演讲比赛", "config": je.config()})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)

	// drafts are their organizer's
	wantStatus(t, je.judges[1].call("GET", base, nil), 403)
	wantStatus(t, je.org2.call("PUT", base+"/entries", map[string]any{"entries": []any{}}), 403)
	bad := je.config()
	bad.Rubric.Criteria[0].Step = 0.3
	r = je.org.call("PUT", base, map[string]any{"kind": "speech", "title": "主题演讲比赛", "config": bad, "version": c.Version})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["config.rubric.criteria[0].step"] == "" {
		t.Fatalf("field error %s", r.body)
	}

	// speakers from .xlsx: the template, row errors, all or nothing
	r = je.org.do("GET", "/api/v1/judging/speakers/template.xlsx", nil, "")
	wantStatus(t, r, 200)
	if rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body)); err != nil || strings.Join(rows[0], ",") != strings.Join(judging.SpeakerColumns, ",") {
		t.Fatalf("template %v %v", rows, err)
	}
	book, _ := xlsx.Write("选手", [][]string{judging.SpeakerColumns, {"", "张三", "一大队", "守护"}, {"", "李四", "二大队", "执法为民"}, {"", "王五", "三大队", "x"}})
	r = upload(je.org, base+"/entries/import", "s.xlsx", book)
	wantStatus(t, r, 200)
	var preview struct {
		Entries []judging.Entry
		Errors  []judging.RowError
	}
	r.json(t, &preview)
	if len(preview.Entries) != 2 || len(preview.Errors) != 1 || preview.Errors[0].Row != 4 || preview.Errors[0].Errors["单位"] != "not a known unit" {
		t.Fatalf("preview %s", r.body)
	}
	wantStatus(t, upload(je.org, base+"/entries/import?mode=import", "s.xlsx", book), 422)
	wantStatus(t, upload(je.org, base+"/entries/import?mode=import", "s.xlsx", []byte("<html>not a workbook</html>")), 422)
	// a roster over its bounds is refused before it is parsed, naming the limit
	long := [][]string{judging.SpeakerColumns}
	for i := range 1001 {
		long = append(long, []string{"", fmt.Sprintf("选手%d", i), "一大队", "x"})
	}
	huge, _ := xlsx.Write("选手", long)
	r = upload(je.org, base+"/entries/import", "s.xlsx", huge)
	wantStatus(t, r, 422)
	if !strings.Contains(r.err(t).Error.Fields["file"], "1000") {
		t.Fatalf("row limit %s", r.body)
	}
	book, _ = xlsx.Write("选手", [][]string{judging.SpeakerColumns, {"", "张三", "一大队", "守护"}, {"", "李四", "二大队", "执法为民"}, {"", "王五", "二大队", "法治"}})
	r = upload(je.org, base+"/entries/import?mode=import", "s.xlsx", book)
	wantStatus(t, r, 200)
	var imported struct{ Entries []judging.Entry }
	r.json(t, &imported)
	if len(imported.Entries) != 3 || imported.Entries[0].ID == 0 {
		t.Fatalf("imported %s", r.body)
	}
	zhang, li := imported.Entries[0].ID, imported.Entries[1].ID

	// a reproducible, recorded draw
	var d1, d2 judging.Draw
	r = je.org.call("POST", base+"/draw", map[string]any{"seed": "7"})
	wantStatus(t, r, 201)
	r.json(t, &d1)
	r = je.org.call("POST", base+"/draw", map[string]any{"seed": "7"})
	r.json(t, &d2)
	if fmt.Sprint(d1.Order) != fmt.Sprint(d2.Order) || d1.Seed != 7 {
		t.Fatalf("draws %+v %+v", d1, d2)
	}
	wantStatus(t, je.org.call("POST", base+"/draw", map[string]any{"seed": "x"}), 422)
	wantStatus(t, je.judges[1].call("POST", base+"/draw", map[string]any{}), 403)

	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "published"}), 409)
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)
	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "onstage", "entryId": li}), 200)
	wantStatus(t, je.judges[1].call("POST", base+"/stage", map[string]any{"type": "start"}), 403)

	// the pad: my seat, my entries, the recusal marked
	r = je.judges[0].call("GET", base+"/pad", nil)
	wantStatus(t, r, 200)
	var p struct {
		Seat    int
		Entries []struct {
			ID      int64
			Recused string
		}
	}
	r.json(t, &p)
	for _, e := range p.Entries {
		if (e.ID == zhang) != (e.Recused == judging.RuleOwnUnit) {
			t.Fatalf("pad %s", r.body)
		}
	}
	wantStatus(t, je.staff.call("GET", base+"/pad", nil), 403)

	// bad sheets are refused with the reason
	sheet := base + fmt.Sprintf("/entries/%d/sheet", li)
	r = je.judges[1].call("POST", sheet, sheetOf(4.5, 5))
	wantStatus(t, r, 422)
	if !strings.Contains(r.err(t).Error.Fields["scores.content"], "out of range") {
		t.Fatalf("range %s", r.body)
	}
	r = je.judges[1].call("POST", sheet, sheetOf(3.2, 5))
	wantStatus(t, r, 422)
	if !strings.Contains(r.err(t).Error.Fields["scores.content"], "off the step") {
		t.Fatalf("step %s", r.body)
	}
	wantStatus(t, je.judges[1].call("POST", base+fmt.Sprintf("/entries/%d/sheet", imported.Entries[2].ID), sheetOf(3, 5)), 409) // not on stage
	wantStatus(t, je.judges[1].call("POST", sheet, map[string]any{"scores": map[string]any{"content": "3"}}), 422)
	// recusal: 403 naming the rule
	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "onstage", "entryId": zhang}), 200)
	r = je.judges[0].call("POST", base+fmt.Sprintf("/entries/%d/sheet", zhang), sheetOf(3, 5))
	wantStatus(t, r, 403)
	var rec struct {
		Error  struct{ Message string }
		Report map[string]string
	}
	r.json(t, &rec)
	if rec.Report["rule"] != judging.RuleOwnUnit || !strings.Contains(rec.Error.Message, "own unit") {
		t.Fatalf("recusal %s", r.body)
	}
	je.judges[0].lang = "zh-CN"
	r = je.judges[0].call("POST", base+fmt.Sprintf("/entries/%d/sheet", zhang), sheetOf(3, 5))
	if !strings.Contains(string(r.body), "回避") || !strings.Contains(string(r.body), "本单位") {
		t.Fatalf("zh recusal %s", r.body)
	}
	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "onstage", "entryId": li}), 200)

	// submit, an idempotent resubmit, a locked sheet
	wantStatus(t, je.judges[1].call("POST", sheet, sheetOf(3.5, 5)), 201)
	r = je.judges[1].call("POST", sheet, sheetOf(3.5, 5))
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), `"duplicate":true`) {
		t.Fatalf("duplicate %s", r.body)
	}
	wantStatus(t, je.judges[1].call("POST", sheet, sheetOf(3, 5)), 409)
	csrfless := *je.judges[2]
	csrfless.csrf = ""
	wantStatus(t, csrfless.call("POST", sheet, sheetOf(3, 5)), 403)

	// other judges' sheets stay hidden before publication
	wantStatus(t, je.judges[2].call("GET", base+fmt.Sprintf("/entries/%d/sheets/%d", li, je.judgeUsers[1].ID), nil), 403)
	wantStatus(t, je.judges[1].call("GET", base+fmt.Sprintf("/entries/%d/sheets/%d", li, je.judgeUsers[1].ID), nil), 200)
	r = je.judges[2].call("GET", base+"/sheets", nil)
	if !strings.Contains(string(r.body), `"items":[]`) {
		t.Fatalf("a judge sees %s", r.body)
	}
	wantStatus(t, je.judges[2].call("GET", base+"/results", nil), 403)
	wantStatus(t, je.judges[2].call("GET", base+"/audit", nil), 403)
	r = je.judges[2].call("GET", base+"/board", nil)
	wantStatus(t, r, 200)
	if strings.Contains(string(r.body), `"marks"`) {
		t.Fatalf("the board shows unrevealed marks %s", r.body)
	}

	for i, s := range [][2]float64{{3, 5}, {4, 6}, {2, 4}} {
		j := []int{0, 2, 3}[i]
		wantStatus(t, je.judges[j].call("POST", sheet, sheetOf(s[0], s[1])), 201)
	}
	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "reveal", "entryId": li}), 200)
	r = je.staff.call("GET", base+"/board", nil)
	wantStatus(t, r, 403) // staff see a board once published
	r = je.org2.call("GET", base+"/board", nil)
	var b judging.Board
	r.json(t, &b)
	// 8, 8.5, 10, 6 → drop 10 and 6 → 8.25
	if b.OnStage == nil || b.OnStage.Result == nil || b.OnStage.Result.Display != "8.25" || b.OnStage.Result.Marks[0].JudgeID != 0 {
		t.Fatalf("board %s", r.body)
	}

	// reopen needs a reason; the export has every sheet
	wantStatus(t, je.org.call("POST", base+fmt.Sprintf("/entries/%d/sheets/%d/reopen", li, je.judgeUsers[1].ID), map[string]any{"reason": ""}), 422)
	wantStatus(t, je.org.call("POST", base+fmt.Sprintf("/entries/%d/sheets/%d/reopen", li, je.judgeUsers[1].ID), map[string]any{"reason": "笔误"}), 200)
	r = je.org.do("GET", base+"/results.xlsx", nil, "")
	wantStatus(t, r, 200)
	rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil || rows[0][0] != "名次" || rows[1][2] != "李四" || rows[1][5] != "8.00" {
		t.Fatalf("export %v %v", rows, err)
	}
	r = je.org.call("GET", base+"/recusals", nil)
	if !strings.Contains(string(r.body), `"rule":"own_unit"`) {
		t.Fatalf("recusals %s", r.body)
	}
	r = je.org.call("GET", base+"/audit", nil)
	if !strings.Contains(string(r.body), `"action":"reopen"`) {
		t.Fatalf("audit %s", r.body)
	}
}

// judgingSock is a gorilla client of the judging socket.
type judgingSock struct {
	t  *testing.T
	ws *websocket.Conn
}

type judgingMsg struct {
	Type  string         `json:"type"`
	Board *judging.Board `json:"board"`
}

func dialJudging(t *testing.T, addr string, c *client, id int64, role, origin string) (*judgingSock, *http.Response, error) {
	h := http.Header{}
	var cookies []string
	for k, v := range c.cookies {
		cookies = append(cookies, k+"="+v)
	}
	h.Set("Cookie", strings.Join(cookies, "; "))
	h.Set("Origin", origin)
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial(fmt.Sprintf("ws://%s/ws/v1/judging/%d?role=%s", addr, id, role), h)
	if err != nil {
		return nil, resp, err
	}
	t.Cleanup(func() { ws.Close() })
	return &judgingSock{t: t, ws: ws}, resp, nil
}

// until reads boards until ok accepts one.
func (s *judgingSock) until(ok func(b judging.Board) bool) judging.Board {
	s.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.ws.SetReadDeadline(deadline)
		var m judgingMsg
		if err := s.ws.ReadJSON(&m); err != nil {
			s.t.Fatalf("read: %v", err)
		}
		if m.Type == "board" && m.Board != nil && ok(*m.Board) {
			return *m.Board
		}
	}
}

func TestJudgingSocket(t *testing.T) {
	je := newJudgingEnv(t)
	addr := je.listen()
	origin := "http://" + addr
	r := je.org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "主题演讲比赛", "config": je.config()})
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)
	r = je.org.call("PUT", base+"/entries", map[string]any{"entries": []map[string]any{{"name": "李四", "unitId": je.unitB.ID, "order": 1}}})
	var es struct{ Entries []judging.Entry }
	r.json(t, &es)
	li := es.Entries[0].ID

	// the pad socket waits for the opening; origin, session and role are checked
	if _, resp, err := dialJudging(t, addr, je.judges[1], c.ID, "pad", origin); err == nil || resp.StatusCode != 403 {
		t.Fatalf("pad on a draft: %v", resp)
	}
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)
	if _, resp, err := dialJudging(t, addr, je.org2, c.ID, "screen", "http://evil.example"); err == nil || resp.StatusCode != 403 {
		t.Fatalf("foreign origin: %v", resp)
	}
	if _, resp, err := dialJudging(t, addr, je.staff, c.ID, "screen", origin); err == nil || resp.StatusCode != 403 {
		t.Fatalf("staff screen: %v", resp)
	}
	if _, resp, err := dialJudging(t, addr, je.judges[1], c.ID, "console", origin); err == nil || resp.StatusCode != 403 {
		t.Fatalf("judge console: %v", resp)
	}
	if _, resp, err := dialJudging(t, addr, je.client(), c.ID, "screen", origin); err == nil || resp.StatusCode != 401 {
		t.Fatalf("no session: %v", resp)
	}
	screen, _, err := dialJudging(t, addr, je.org2, c.ID, "screen", origin)
	if err != nil {
		t.Fatal(err)
	}
	pad, _, err := dialJudging(t, addr, je.judges[1], c.ID, "pad", origin)
	if err != nil {
		t.Fatal(err)
	}
	screen.until(func(b judging.Board) bool { return b.Status == judging.StatusOpen }) // the snapshot
	pad.until(func(b judging.Board) bool { return true })

	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "onstage", "entryId": li}), 200)
	screen.until(func(b judging.Board) bool { return b.OnStage != nil && b.OnStage.ID == li })
	sheet := base + fmt.Sprintf("/entries/%d/sheet", li)
	for i, s := range [][2]float64{{3, 5}, {3.5, 5}, {4, 6}, {2, 4}} {
		wantStatus(t, je.judges[i].call("POST", sheet, sheetOf(s[0], s[1])), 201)
	}
	b := screen.until(func(b judging.Board) bool { return b.OnStage != nil && len(b.OnStage.Submitted) == 4 })
	if b.OnStage.Result != nil {
		t.Fatal("scores before the reveal")
	}
	pad.until(func(b judging.Board) bool { return b.OnStage != nil && len(b.OnStage.Submitted) == 4 })
	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "reveal", "entryId": li}), 200)
	b = screen.until(func(b judging.Board) bool { return b.OnStage != nil && b.OnStage.Result != nil })
	marks := b.OnStage.Result.Marks
	if b.OnStage.Result.Display != "8.25" || len(marks) != 4 || !marks[2].Dropped || !marks[3].Dropped || marks[0].Dropped || marks[0].JudgeID != 0 {
		t.Fatalf("revealed %+v", b.OnStage.Result)
	}
	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "ranking", "show": true}), 200)
	b = screen.until(func(b judging.Board) bool { return b.Ranking != nil })
	if len(b.Ranking) != 1 || b.Ranking[0].Rank != 1 {
		t.Fatalf("ranking %+v", b.Ranking)
	}
	// a reconnecting screen gets the snapshot at once
	again, _, err := dialJudging(t, addr, je.org2, c.ID, "screen", origin)
	if err != nil {
		t.Fatal(err)
	}
	again.until(func(b judging.Board) bool { return b.OnStage != nil && b.OnStage.Result != nil && b.Ranking != nil })
	// clock sync
	again.ws.WriteJSON(map[string]any{"type": "time", "t0": 5})
	for {
		var m map[string]any
		again.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		if err := again.ws.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
		if m["type"] == "time" {
			if m["t0"].(float64) != 5 || m["t1"] == nil {
				t.Fatalf("time %v", m)
			}
			break
		}
	}
	// as docs/board-protocol.md says: a bad message is an error, sync is a
	// fresh board, an unknown role is a 422 on role (JSON, no upgrade)
	next := func(want string) map[string]any {
		t.Helper()
		for {
			var m map[string]any
			again.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
			if err := again.ws.ReadJSON(&m); err != nil {
				t.Fatalf("waiting for %s: %v", want, err)
			}
			if m["type"] == want {
				return m
			}
		}
	}
	again.ws.WriteMessage(websocket.TextMessage, []byte("not json"))
	if m := next("error"); m["code"] != "malformed" {
		t.Fatalf("malformed %v", m)
	}
	again.ws.WriteJSON(map[string]any{"type": "shout"})
	if m := next("error"); m["code"] != "unknown_type" {
		t.Fatalf("unknown %v", m)
	}
	again.ws.WriteJSON(map[string]any{"type": "sync"})
	if m := next("board"); m["board"] == nil {
		t.Fatalf("sync %v", m)
	}
	_, resp, err := dialJudging(t, addr, je.org2, c.ID, "bogus", origin)
	if err == nil || resp.StatusCode != 422 {
		t.Fatalf("unknown role: %v %v", err, resp)
	}
	var body struct {
		Error struct{ Fields map[string]string }
	}
	if json.NewDecoder(resp.Body).Decode(&body) != nil || body.Error.Fields["role"] == "" {
		t.Fatalf("unknown role: no field error")
	}
}

// TestJudgingTwoInstances: a sheet submitted on instance a reaches a big
// screen on instance b (over the Redis bus), and a screen on an instance
// without the bus (a Redis outage) still catches up from SQL.
func TestJudgingTwoInstances(t *testing.T) {
	je := newJudgingEnv(t)
	serve := func(bus bool) string {
		d := je.deps
		d.Metrics = prometheus.NewRegistry()
		d.Hub = wshub.New(16)
		d.Judging = judging.NewService(je.db.Judging(), time.Now, nil)
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
	r := je.org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "两个实例", "config": je.config()})
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)
	r = je.org.call("PUT", base+"/entries", map[string]any{"entries": []map[string]any{{"name": "李四", "unitId": je.unitB.ID, "order": 1}}})
	var es struct{ Entries []judging.Entry }
	r.json(t, &es)
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)
	wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "onstage", "entryId": es.Entries[0].ID}), 200)
	onB, _, err := dialJudging(t, addrB, je.org2, c.ID, "screen", "http://"+addrB)
	if err != nil {
		t.Fatal(err)
	}
	onC, _, err := dialJudging(t, addrC, je.org2, c.ID, "screen", "http://"+addrC)
	if err != nil {
		t.Fatal(err)
	}
	onB.until(func(b judging.Board) bool { return b.OnStage != nil })
	onC.until(func(b judging.Board) bool { return b.OnStage != nil })
	// je's clients talk to instance a (app.Test on the same app that listens on addrA)
	sent := time.Now()
	wantStatus(t, je.judges[1].call("POST", base+fmt.Sprintf("/entries/%d/sheet", es.Entries[0].ID), sheetOf(3, 5)), 201)
	onB.until(func(b judging.Board) bool { return b.OnStage != nil && len(b.OnStage.Submitted) == 1 })
	// the bus, not the two-second resync, brought it to b
	if d := time.Since(sent); d > time.Second {
		t.Fatalf("instance b heard of the sheet after %v", d)
	}
	onC.until(func(b judging.Board) bool { return b.OnStage != nil && len(b.OnStage.Submitted) == 1 })
}
