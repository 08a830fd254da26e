package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
	"github.com/weishi-dev/weishi/server/wshub"
	"github.com/weishi-dev/weishi/server/xlsx"
)

const contestPassword = "Player2026x"

// contestWorld is one database and one Redis shared by any number of
// server instances.
type contestWorld struct {
	t        *testing.T
	db       *sqlstore.DB
	rds      *live.Client
	accounts *account.Service
	users    map[string]account.User
}

// newContestWorld opens the world on PostgreSQL when TEST_DATABASE_URL is
// set (else SQLite), and on TEST_REDIS_URL's Redis (under a prefix of its
// own) when set and redisURL is empty (else the embedded one).
func newContestWorld(t *testing.T, redisURL string) *contestWorld {
	t.Helper()
	engines := storetest.Engines()
	db := storetest.Open(t, engines[len(engines)-1])
	var opts []live.Option
	if redisURL == "" && os.Getenv("TEST_REDIS_URL") != "" {
		redisURL = os.Getenv("TEST_REDIS_URL")
		opts = append(opts, live.WithPrefix(fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())))
	}
	rds, err := live.Open(context.Background(), redisURL, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rds.Close() })
	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Bootstrap(context.Background(), "市局", adminPassword); err != nil {
		t.Fatal(err)
	}
	units, _ := accounts.Units(context.Background())
	w := &contestWorld{t: t, db: db, rds: rds, accounts: accounts, users: map[string]account.User{}}
	for _, u := range []struct {
		acct string
		role account.Role
	}{{"host", account.RoleOrganizer}, {"p1", account.RoleStaff}, {"p2", account.RoleStaff}, {"p3", account.RoleStaff}, {"viewer", account.RoleStaff}} {
		x, err := accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: u.acct, Name: "用户" + u.acct, UnitID: units[0].ID, Roles: []account.Role{u.role}, Password: contestPassword})
		if err != nil {
			t.Fatal(err)
		}
		w.users[u.acct] = x
	}
	return w
}

// instance starts one server on a loopback port and returns its address.
func (w *contestWorld) instance() string {
	w.t.Helper()
	d := api.Deps{Accounts: w.accounts, Database: w.db, Redis: w.rds, Limiter: w.rds, Hub: wshub.New(64),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: prometheus.NewRegistry(),
		Contests: contest.NewService(w.db.Contests(), nil, time.Now), ContestLive: w.rds}
	app := api.New(d)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	go app.Listener(ln)
	w.t.Cleanup(func() { app.ShutdownWithTimeout(2 * time.Second) })
	return ln.Addr().String()
}

// httpClient is a logged-in client over real HTTP.
type httpClient struct {
	t      *testing.T
	addr   string
	cookie string
	csrf   string
}

func (w *contestWorld) login(addr, acct string) *httpClient {
	w.t.Helper()
	pw := contestPassword
	if acct == "admin" {
		pw = adminPassword
	}
	resp, err := http.Post("http://"+addr+"/api/v1/auth/login", "application/json", strings.NewReader(`{"account":"`+acct+`","password":"`+pw+`"}`))
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var me struct{ CSRFToken string }
	json.NewDecoder(resp.Body).Decode(&me)
	c := &httpClient{t: w.t, addr: addr, csrf: me.CSRFToken}
	for _, ck := range resp.Cookies() {
		if ck.Name == "weishi_session" {
			c.cookie = ck.Name + "=" + ck.Value
		}
	}
	if c.cookie == "" {
		w.t.Fatalf("login %s: %d", acct, resp.StatusCode)
	}
	return c
}

func (c *httpClient) do(method, path string, body any, out any) int {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		r = strings.NewReader(string(data))
	}
	req, _ := http.NewRequest(method, "http://"+c.addr+path, r)
	req.Header.Set("Cookie", c.cookie)
	req.Header.Set("X-CSRF-Token", c.csrf)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
		}
	}
	return resp.StatusCode
}

// sock is a contest websocket client.
type sock struct {
	t  *testing.T
	ws *websocket.Conn
}

type outMsg struct {
	Type      string          `json:"type"`
	Seq       int64           `json:"seq"`
	Ref       string          `json:"ref"`
	ClientID  string          `json:"clientId"`
	Duplicate bool            `json:"duplicate"`
	Code      string          `json:"code"`
	Error     string          `json:"error"`
	Field     string          `json:"field"`
	Note      string          `json:"note"`
	View      *contest.View   `json:"view"`
	Me        *contest.MeView `json:"me"`
	Top       []struct {
		Side  int64
		Score int
		Rank  int
	} `json:"top"`
	Answered int `json:"answered"`
}

func (c *httpClient) dial(id int64, role string) (*sock, *http.Response, error) {
	h := http.Header{}
	h.Set("Cookie", c.cookie)
	h.Set("Origin", "http://"+c.addr)
	h.Set("Accept-Language", "en")
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial(fmt.Sprintf("ws://%s/ws/v1/contests/%d?role=%s", c.addr, id, role), h)
	if err != nil {
		return nil, resp, err
	}
	c.t.Cleanup(func() { ws.Close() })
	return &sock{t: c.t, ws: ws}, resp, nil
}

func (c *httpClient) mustDial(id int64, role string) *sock {
	c.t.Helper()
	s, resp, err := c.dial(id, role)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.t.Fatalf("dial %s: %v (%d)", role, err, status)
	}
	s.until(func(m outMsg) bool { return m.Type == "snapshot" })
	return s
}

func (s *sock) send(v any) {
	s.t.Helper()
	if err := s.ws.WriteJSON(v); err != nil {
		s.t.Fatal(err)
	}
}

// until reads messages until one satisfies ok.
func (s *sock) until(ok func(outMsg) bool) outMsg {
	s.t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for {
		s.ws.SetReadDeadline(deadline)
		_, data, err := s.ws.ReadMessage()
		if err != nil {
			s.t.Fatalf("read: %v", err)
		}
		var m outMsg
		if err := json.Unmarshal(data, &m); err != nil {
			s.t.Fatalf("decode %s: %v", data, err)
		}
		if ok(m) {
			return m
		}
	}
}

func (s *sock) cmd(cmd string, extra map[string]any) outMsg {
	s.t.Helper()
	msg := map[string]any{"type": "cmd", "cmd": cmd, "ref": cmd}
	for k, v := range extra {
		msg[k] = v
	}
	s.send(msg)
	m := s.until(func(m outMsg) bool { return (m.Type == "ack" || m.Type == "refused") && m.Ref == cmd })
	if m.Type != "ack" {
		s.t.Fatalf("%s refused: %s %s", cmd, m.Code, m.Error)
	}
	return m
}

func stateAt(phase contest.Phase) func(outMsg) bool {
	return func(m outMsg) bool { return m.Type == "state" && m.View != nil && m.View.Phase == phase }
}

func demoContest(w *contestWorld) contest.NewContest {
	q := func(stem, ans string) contest.Question {
		return contest.Question{Type: contest.TypeSingle, Stem: stem, Options: []string{"甲", "乙", "丙"}, Answer: ans, Citation: "《行政处罚法》第三十六条"}
	}
	return contest.NewContest{Title: "测试竞赛", Config: contest.Config{
		Mode: contest.ModeTeam, BaseScore: 100,
		Teams:   []contest.Team{{ID: 1, Name: "一队"}, {ID: 2, Name: "二队"}},
		Players: []contest.Player{{UserID: w.users["p1"].ID, TeamID: 1, Name: "p1"}, {UserID: w.users["p2"].ID, TeamID: 2, Name: "p2"}},
		Rounds: []contest.Round{
			{Kind: contest.KindEveryone, Title: "全员答题", Points: 100, TimeLimit: 30, Questions: []contest.Question{q("一", "A"), q("二", "B"), q("三", "C")}},
			{Kind: contest.KindBuzzer, Title: "抢答", Points: 20, Deduct: 10, Questions: []contest.Question{q("四", "A")}},
		},
	}}
}

func createPublished(t *testing.T, host *httpClient, n contest.NewContest) int64 {
	t.Helper()
	var c contest.Contest
	if st := host.do("POST", "/api/v1/contests", n, &c); st != 201 {
		t.Fatalf("create: %d", st)
	}
	if st := host.do("POST", fmt.Sprintf("/api/v1/contests/%d/publish", c.ID), nil, &c); st != 200 || c.Status != contest.StatusPublished {
		t.Fatalf("publish: %d %+v", st, c)
	}
	return c.ID
}

func TestContestHTTP(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	host, p1, viewer := w.login(addr, "host"), w.login(addr, "p1"), w.login(addr, "viewer")

	var bad struct {
		Error struct {
			Code   string
			Fields map[string]string
		}
	}
	n := demoContest(w)
	n.Config.Teams = n.Config.Teams[:1]
	if st := host.do("POST", "/api/v1/contests", n, &bad); st != 422 || bad.Error.Fields["config.teams"] == "" {
		t.Fatalf("invalid contest: %d %+v", st, bad)
	}
	if st := p1.do("POST", "/api/v1/contests", demoContest(w), nil); st != 403 {
		t.Fatalf("staff creating a contest: %d", st)
	}
	var draft contest.Contest
	host.do("POST", "/api/v1/contests", demoContest(w), &draft)
	var list struct{ Items []struct{ ID int64 } }
	viewer.do("GET", "/api/v1/contests", nil, &list)
	if len(list.Items) != 0 {
		t.Fatalf("a draft is visible to others: %+v", list)
	}
	id := createPublished(t, host, demoContest(w))
	viewer.do("GET", "/api/v1/contests", nil, &list)
	if len(list.Items) != 1 || list.Items[0].ID != id {
		t.Fatalf("list %+v", list)
	}
	var got contest.Contest
	p1.do("GET", fmt.Sprintf("/api/v1/contests/%d", id), nil, &got)
	if len(got.Config.Rounds[0].Questions) != 0 {
		t.Fatal("a player got the questions before the game")
	}
	host.do("GET", fmt.Sprintf("/api/v1/contests/%d", id), nil, &got)
	if len(got.Config.Rounds[0].Questions) != 3 {
		t.Fatal("the host lacks the questions")
	}
	var v contest.View
	host.do("GET", fmt.Sprintf("/api/v1/contests/%d/state", id), nil, &v)
	if v.Phase != contest.PhaseLobby || len(v.Legal) == 0 || len(v.Teams) != 2 {
		t.Fatalf("host state %+v", v)
	}
	if st := p1.do("GET", fmt.Sprintf("/api/v1/contests/%d/timeline", id), nil, nil); st != 403 {
		t.Fatalf("staff timeline: %d", st)
	}
	if st := host.do("GET", fmt.Sprintf("/api/v1/contests/%d/timeline", id), nil, nil); st != 200 {
		t.Fatalf("host timeline: %d", st)
	}
	if st := host.do("GET", fmt.Sprintf("/api/v1/contests/%d/export", id), nil, nil); st != 200 {
		t.Fatalf("export: %d", st)
	}
	// sockets: refused before the upgrade for the wrong role, a draft, or a foreign origin
	if _, resp, err := p1.dial(id, "host"); err == nil || resp.StatusCode != 403 {
		t.Fatalf("player as host: %v", err)
	}
	if _, resp, err := viewer.dial(id, "player"); err == nil || resp.StatusCode != 403 {
		t.Fatalf("stranger as player: %v", err)
	}
	if _, resp, err := host.dial(draft.ID, "host"); err == nil || resp.StatusCode != 409 {
		t.Fatalf("draft socket: %v", err)
	}
	h := http.Header{"Cookie": {p1.cookie}, "Origin": {"http://evil.example"}}
	if _, resp, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://%s/ws/v1/contests/%d?role=player", addr, id), h); err == nil || resp.StatusCode != 403 {
		t.Fatalf("foreign origin: %v", err)
	}
}

func TestContestSocket(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC, p1C, p2C, viewerC := w.login(addr, "host"), w.login(addr, "p1"), w.login(addr, "p2"), w.login(addr, "viewer")
	id := createPublished(t, hostC, demoContest(w))
	host := hostC.mustDial(id, "host")
	p1 := p1C.mustDial(id, "player")
	p2 := p2C.mustDial(id, "player")
	aud := viewerC.mustDial(id, "audience")

	// clock sync
	p1.send(map[string]any{"type": "time", "id": 7, "t0": 123})
	if m := p1.until(func(m outMsg) bool { return m.Type == "time" }); m.Type != "time" {
		t.Fatal("no time reply")
	}
	p1.send(map[string]any{"type": "clock", "offsetMs": 5, "delayMs": 12})

	// bad input: an error, and the socket stays
	p1.ws.WriteMessage(websocket.TextMessage, []byte("{not json"))
	if m := p1.until(func(m outMsg) bool { return m.Type == "error" }); m.Code != "malformed" {
		t.Fatalf("malformed: %+v", m)
	}
	p1.send(map[string]any{"type": "launch"})
	if m := p1.until(func(m outMsg) bool { return m.Type == "error" }); m.Code != "unknown_type" {
		t.Fatalf("unknown: %+v", m)
	}
	p1.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"time","pad":"`+strings.Repeat("x", 5000)+`"}`))
	if m := p1.until(func(m outMsg) bool { return m.Type == "error" }); m.Code != "too_large" {
		t.Fatalf("oversized: %+v", m)
	}
	// a player sending a host command is refused
	p1.send(map[string]any{"type": "cmd", "cmd": "next", "ref": "x"})
	if m := p1.until(func(m outMsg) bool { return m.Type == "refused" }); m.Code != "forbidden" {
		t.Fatalf("player command: %+v", m)
	}
	// the audience cannot answer
	aud.send(map[string]any{"type": "answer", "choice": "A", "clientId": "aud"})
	if m := aud.until(func(m outMsg) bool { return m.Type == "refused" }); m.Code != "forbidden" {
		t.Fatalf("audience answer: %+v", m)
	}

	host.cmd("next", nil) // round 1 intro
	host.cmd("show", nil)
	st := p2.until(stateAt(contest.PhaseShown))
	if st.View.Question == nil || st.View.Question.Stem != "一" || st.View.Question.Answer != "" {
		t.Fatalf("player view of the question: %+v", st.View.Question)
	}
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "early"})
	if m := p1.until(func(m outMsg) bool { return m.Type == "refused" }); !strings.Contains(m.Error, "not open") {
		t.Fatalf("early answer: %+v", m)
	}
	host.cmd("open", nil)
	p1.until(stateAt(contest.PhaseOpen))
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "a-1", "deviceAt": time.Now().UnixMilli()})
	ack := p1.until(func(m outMsg) bool { return m.Type == "ack" && m.ClientID == "a-1" })
	p1.send(map[string]any{"type": "answer", "choice": "A", "clientId": "a-1"}) // resend
	dup := p1.until(func(m outMsg) bool { return m.Type == "ack" && m.ClientID == "a-1" })
	if !dup.Duplicate || dup.Seq != ack.Seq {
		t.Fatalf("resend: %+v vs %+v", dup, ack)
	}
	// the answered count reaches the audience, coalesced; the score does
	// not move before the reveal (issue 9: it gave the answer away)
	b := aud.until(func(m outMsg) bool { return m.Type == "board" && m.Answered == 1 })
	if len(b.Top) != 2 || b.Top[0].Score != 100 || b.Top[1].Score != 100 {
		t.Fatalf("board before the reveal %+v", b)
	}

	// p1 closes the browser and comes back: score and pending answer intact
	p1.ws.Close()
	p1 = p1C.mustDial(id, "player")
	p1.send(map[string]any{"type": "sync"})
	snap := p1.until(func(m outMsg) bool { return m.Type == "snapshot" })
	if snap.View.Me == nil || snap.View.Me.Score != 0 || snap.View.Me.Answer == nil || snap.View.Me.Answer.ClientID != "a-1" ||
		snap.View.Me.Answer.Status != contest.AnswerReceived || snap.View.Me.Answer.Right != nil || snap.View.Me.Answer.Points != nil {
		t.Fatalf("reconnect snapshot %+v %+v", snap.View.Me, snap.View.Me.Answer)
	}
	// a second device for p2 takes over; the first is told why
	p2b := p2C.mustDial(id, "player")
	p2.until(func(m outMsg) bool { return m.Type == "replaced" })
	p2.ws.SetReadDeadline(time.Now().Add(3 * time.Second))
	for {
		if _, _, err := p2.ws.ReadMessage(); err != nil {
			if !websocket.IsCloseError(err, wshub.CloseReplaced) {
				t.Fatalf("first device closed with %v", err)
			}
			break
		}
	}
	p2b.send(map[string]any{"type": "answer", "choice": "C", "clientId": "b-1"})
	p2b.until(func(m outMsg) bool { return m.Type == "ack" && m.ClientID == "b-1" })

	host.cmd("reveal", nil)
	rv := aud.until(stateAt(contest.PhaseRevealed))
	if rv.View.Question.Answer != "A" || rv.View.Stats["A"] != 1 || rv.View.Stats["C"] != 1 {
		t.Fatalf("reveal %+v", rv.View)
	}
	// an illegal command is refused with a reason
	host.send(map[string]any{"type": "cmd", "cmd": "arm", "ref": "arm"})
	if m := host.until(func(m outMsg) bool { return m.Type == "refused" }); !strings.Contains(m.Error, "buzzer") {
		t.Fatalf("illegal arm: %+v", m)
	}
	// undo and adjust with a reason
	host.cmd("adjust", map[string]any{"side": 2, "value": 5, "reason": "仲裁委员会裁定"})
	host.cmd("undo", nil)
	hs := host.until(func(m outMsg) bool { return m.Type == "state" && m.View != nil && len(m.View.Legal) > 0 })
	if hs.View.Teams[0].Score != 200 || hs.View.Teams[1].Score != 100 {
		t.Fatalf("scores after undo %+v", hs.View.Teams)
	}
	var tl struct {
		Items []struct {
			Type     string
			DelayMs  int64
			OffsetMs int64
			DeviceAt int64
		}
	}
	hostC.do("GET", fmt.Sprintf("/api/v1/contests/%d/timeline", id), nil, &tl)
	found := false
	for _, it := range tl.Items {
		if it.Type == "answer" && it.DelayMs == 12 && it.OffsetMs == 5 && it.DeviceAt > 0 {
			found = true
		}
	}
	if !found {
		t.Fatalf("timeline lacks device timing: %+v", tl.Items)
	}
	// the export has standings, players, per-question statistics and the timeline
	req, _ := http.NewRequest("GET", fmt.Sprintf("http://%s/api/v1/contests/%d/export", addr, id), nil)
	req.Header.Set("Cookie", hostC.cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("export: %v %v", err, resp)
	}
	rows, err := xlsx.ReadFirstSheet(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var sheet []string
	for _, r := range rows {
		sheet = append(sheet, strings.Join(r, "|"))
	}
	all := strings.Join(sheet, "\n")
	for _, want := range []string{"1|一队|200", "p1|一队|100", "全员答题|1|一|2|1|50%", "作答|"} {
		if !strings.Contains(all, want) {
			t.Errorf("export lacks %q:\n%s", want, all)
		}
	}
}

func TestContestAbuseCloses(t *testing.T) {
	w := newContestWorld(t, "")
	addr := w.instance()
	hostC, p1C := w.login(addr, "host"), w.login(addr, "p1")
	id := createPublished(t, hostC, demoContest(w))
	p1 := p1C.mustDial(id, "player")
	for i := 0; i < 25; i++ {
		p1.ws.WriteMessage(websocket.TextMessage, []byte("nope"))
	}
	p1.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := p1.ws.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
				t.Fatalf("closed with %v", err)
			}
			return
		}
	}
}

// Two instances share one database and one Redis: the host is on one,
// the players and the screen on the other.
