// Command judging is the judged-contest load generator (issue 12). It runs
// the real API (Fiber, guard, CSRF, sessions, the judging socket) in this
// process on a loopback port, with its own users, and drives it with HTTP
// and gorilla websocket clients in the same process (the figures include
// the clients' CPU).
//
//	go run ./server/loadgen/judging -mode board -viewers 500 -rounds 20
//	go run ./server/loadgen/judging -mode submit -judges 50 -entries 200 -database-url postgres://…
//
// board: a live speech contest with 7 judges and N big-screen sockets; each
// round puts a speaker on stage and the 7 judges submit at once; it measures,
// for every (submission, viewer) pair, the time from sending the sheet to the
// viewer's first board that shows that seat submitted.
// submit: J judges submit a sheet for each of E entries of a non-live
// contest, all judges at once; it measures each submit's latency and checks
// that J×E sheets are stored.
//
// -database-url selects PostgreSQL (else a temporary SQLite file); Redis is
// the embedded one. Sessions are opened through the account service.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"sort"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/loadgen/lgenv"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/wshub"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "judging:", err)
		os.Exit(1)
	}
}

type options struct {
	mode        string
	viewers     int
	rounds      int
	judges      int
	entries     int
	databaseURL string
	cpuProfile  string
}

type login struct{ cookie, csrf string }

type env struct {
	ctx      context.Context
	base     string
	addr     string
	client   *http.Client
	accounts *account.Service
	svc      *judging.Service
	org      account.User
	orgLogin login
}

func (e *env) call(l login, method, path string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(e.ctx, method, e.base+path, r)
	req.Header.Set("Cookie", l.cookie)
	req.Header.Set("X-CSRF-Token", l.csrf)
	req.Header.Set("Content-Type", "application/json")
	res, err := e.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("judging", flag.ContinueOnError)
	fs.StringVar(&o.mode, "mode", "board", "board or submit")
	fs.IntVar(&o.viewers, "viewers", 500, "big-screen sockets (board; at most 5000)")
	fs.IntVar(&o.rounds, "rounds", 20, "speakers scored one after another (board; at most 200)")
	fs.IntVar(&o.judges, "judges", 50, "judges (submit; at most 60)")
	fs.IntVar(&o.entries, "entries", 200, "entries (submit; at most 1000)")
	fs.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL URL; empty uses a temporary SQLite file")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured phase to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.viewers < 1 || o.viewers > 5000 || o.rounds < 1 || o.rounds > 200 || o.judges < 3 || o.judges > 60 || o.entries < 1 || o.entries > 1000 {
		return errors.New("bounds: 1 ≤ viewers ≤ 5000, 1 ≤ rounds ≤ 200, 3 ≤ judges ≤ 60, 1 ≤ entries ≤ 1000")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	lg, err := lgenv.Open(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer lg.Close()
	db, rds, accounts := lg.DB, lg.Redis, lg.Accounts
	svc := judging.NewService(db.Judging(), time.Now, nil)
	addr, err := lg.Serve(api.Deps{Shared: rds, Hub: wshub.New(64), Judging: svc, ContestLive: rds})
	if err != nil {
		return err
	}
	e := &env{ctx: ctx, base: "http://" + addr, addr: addr, accounts: accounts, svc: svc,
		client: &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}

	stamp := time.Now().UnixNano() % 1_000_000_000
	unit, err := accounts.CreateUnit(ctx, account.NewUnit{Name: fmt.Sprintf("loadgen-%d", stamp), Kind: account.UnitTeam})
	if err != nil {
		return err
	}
	other, err := accounts.CreateUnit(ctx, account.NewUnit{Name: fmt.Sprintf("loadgen-b-%d", stamp), Kind: account.UnitTeam})
	if err != nil {
		return err
	}
	mk := func(acct string, role account.Role) (account.User, login, error) {
		u, err := accounts.CreateUserWithoutChange(ctx, account.NewUser{Account: acct, Name: acct, UnitID: unit.ID, Roles: []account.Role{role}, Password: "Passw0rd1"})
		if err != nil {
			return account.User{}, login{}, err
		}
		_, sess, token, err := accounts.Login(ctx, acct, "Passw0rd1")
		if err != nil {
			return account.User{}, login{}, err
		}
		return u, login{cookie: "weishi_session=" + token, csrf: sess.CSRFToken}, nil
	}
	if e.org, e.orgLogin, err = mk(fmt.Sprintf("lgo%d", stamp), account.RoleOrganizer); err != nil {
		return err
	}
	n := 7
	if o.mode == "submit" {
		n = o.judges
	}
	judges := make([]login, n)
	var panel []judging.Judge
	for i := range judges {
		u, l, err := mk(fmt.Sprintf("lgj%d-%d", stamp, i), account.RoleJudge)
		if err != nil {
			return err
		}
		judges[i] = l
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
	}
	cfg := judging.Config{
		Rubric:      judging.Rubric{Criteria: []judging.Criterion{{Key: "content", Name: "内容", Max: 40, Step: 0.5}, {Key: "language", Name: "表达", Max: 30, Step: 0.5}, {Key: "manner", Name: "风度", Max: 15, Step: 0.5}, {Key: "effect", Name: "效果", Max: 15, Step: 0.5}}},
		Aggregation: judging.Aggregation{Method: judging.MethodTrimmed, Trim: 1, Precision: 2, TieKey: "content"},
		Panel:       panel,
		Live:        o.mode == "board",
	}
	actor := judging.Actor{UserID: e.org.ID, Organizer: true}
	c, err := svc.Create(ctx, actor, judging.NewContest{Kind: judging.KindSpeech, Title: "压测演讲比赛", Config: cfg})
	if err != nil {
		return err
	}
	count := o.rounds
	if o.mode == "submit" {
		count = o.entries
	}
	entries := make([]judging.Entry, count)
	for i := range entries {
		entries[i] = judging.Entry{Name: fmt.Sprintf("选手%d", i+1), UnitID: other.ID, Order: i + 1}
	}
	if entries, err = svc.SetEntries(ctx, actor, c.ID, entries); err != nil {
		return err
	}
	if _, err := svc.SetStatus(ctx, actor, c.ID, judging.StatusOpen); err != nil {
		return err
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	switch o.mode {
	case "board":
		return board(e, o, c.ID, entries, judges, out, db.Engine())
	case "submit":
		return submit(e, o, c.ID, entries, judges, out, db.Engine())
	}
	return fmt.Errorf("unknown mode %q", o.mode)
}

func sheet(i int) map[string]any {
	return map[string]any{"scores": map[string]float64{"content": 30 + float64(i%10)/2, "language": 25, "manner": 12, "effect": 12}}
}

func percentiles(d []time.Duration) string {
	if len(d) == 0 {
		return "no samples"
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	p := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return fmt.Sprintf("n=%d p50=%v p95=%v p99=%v max=%v", len(d), p(0.5).Round(100*time.Microsecond), p(0.95).Round(100*time.Microsecond), p(0.99).Round(100*time.Microsecond), d[len(d)-1].Round(100*time.Microsecond))
}

// board measures submit → big-screen latency with many viewers.
func board(e *env, o options, id int64, entries []judging.Entry, judges []login, out io.Writer, engine sqlstore.Engine) error {
	var mu sync.Mutex
	first := map[[3]int64]time.Time{} // viewer, entry, seat → first board showing it
	var wg sync.WaitGroup
	conns := make([]*websocket.Conn, o.viewers)
	h := http.Header{}
	h.Set("Cookie", e.orgLogin.cookie)
	h.Set("Origin", e.base)
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	for v := range conns {
		ws, _, err := d.Dial(fmt.Sprintf("ws://%s/ws/v1/judging/%d?role=screen", e.addr, id), h)
		if err != nil {
			return fmt.Errorf("dial viewer %d: %w", v, err)
		}
		conns[v] = ws
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, data, err := ws.ReadMessage()
				if err != nil {
					return
				}
				now := time.Now()
				// a phone or screen decodes its own board; here the clients share
				// the server's cores, so they decode only what is measured
				var m struct {
					Board *struct {
						OnStage *struct {
							ID        int64 `json:"id"`
							Submitted []int `json:"submitted"`
						} `json:"onStage"`
					} `json:"board"`
				}
				if json.Unmarshal(data, &m) != nil || m.Board == nil || m.Board.OnStage == nil {
					continue
				}
				mu.Lock()
				for _, s := range m.Board.OnStage.Submitted {
					k := [3]int64{int64(v), m.Board.OnStage.ID, int64(s)}
					if _, ok := first[k]; !ok {
						first[k] = now
					}
				}
				mu.Unlock()
			}
		}()
	}
	var lat []time.Duration
	sentAt := map[[2]int64]time.Time{}
	for r, en := range entries {
		if st, body, err := e.call(e.orgLogin, "POST", fmt.Sprintf("/api/v1/judging/contests/%d/stage", id), map[string]any{"type": "onstage", "entryId": en.ID}); err != nil || st != 200 {
			return fmt.Errorf("onstage: %d %v %s", st, err, body)
		}
		time.Sleep(200 * time.Millisecond)
		var jw sync.WaitGroup
		var smu sync.Mutex
		for j, l := range judges {
			jw.Add(1)
			go func() {
				defer jw.Done()
				t0 := time.Now()
				st, body, err := e.call(l, "POST", fmt.Sprintf("/api/v1/judging/contests/%d/entries/%d/sheet", id, en.ID), sheet(j+r))
				if err != nil || st != 201 {
					fmt.Fprintf(out, "submit: %d %v %s\n", st, err, body)
					return
				}
				smu.Lock()
				sentAt[[2]int64{en.ID, int64(j + 1)}] = t0
				smu.Unlock()
			}()
		}
		jw.Wait()
		time.Sleep(500 * time.Millisecond)
	}
	time.Sleep(time.Second)
	for _, ws := range conns {
		ws.Close()
	}
	wg.Wait()
	missing := 0
	for k, t0 := range sentAt {
		for v := 0; v < o.viewers; v++ {
			at, ok := first[[3]int64{int64(v), k[0], k[1]}]
			if !ok {
				missing++
				continue
			}
			lat = append(lat, at.Sub(t0))
		}
	}
	fmt.Fprintf(out, "board (%s): %d viewers, %d speakers × %d judges; submit → big screen %s; missing %d\n", engine, o.viewers, len(entries), len(judges), percentiles(lat), missing)
	if missing > 0 {
		return fmt.Errorf("%d (submission, viewer) pairs never arrived", missing)
	}
	return nil
}

// submit measures concurrent sheet submissions.
func submit(e *env, o options, id int64, entries []judging.Entry, judges []login, out io.Writer, engine sqlstore.Engine) error {
	var mu sync.Mutex
	var lat []time.Duration
	var failed int
	var wg sync.WaitGroup
	start := time.Now()
	for j, l := range judges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, en := range entries {
				t0 := time.Now()
				st, _, err := e.call(l, "POST", fmt.Sprintf("/api/v1/judging/contests/%d/entries/%d/sheet", id, en.ID), sheet(i+j))
				d := time.Since(t0)
				mu.Lock()
				if err != nil || st != 201 {
					failed++
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	all, err := e.svc.Sheets(e.ctx, judging.Actor{UserID: e.org.ID, Organizer: true}, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "submit (%s): %d judges × %d entries at once in %v (%.0f sheets/s); submit %s; stored %d, failed %d\n",
		engine, len(judges), len(entries), took.Round(time.Millisecond), float64(len(lat))/took.Seconds(), percentiles(lat), len(all), failed)
	if len(all) != len(judges)*len(entries) || failed > 0 {
		return fmt.Errorf("stored %d of %d sheets, %d failed", len(all), len(judges)*len(entries), failed)
	}
	return nil
}
