// Command debate is the debate-tournament load generator (issue 14). It
// runs the real API (Fiber, guard, CSRF, sessions, the debate socket) in
// this process on a loopback port, with its own users, and drives it with
// HTTP and gorilla websocket clients in the same process (the figures
// include the clients' CPU).
//
//	go run ./server/loadgen/debate -viewers 500 -matches 10
//
// A round of M matches (2M teams, panels of three) is drawn; for each
// match in turn, V big-screen sockets watch it and its three judges submit
// their ballots at once. It measures, for every (ballot, viewer) pair, the
// time from sending the ballot to the viewer's first board that shows that
// seat submitted.
//
// -database-url selects PostgreSQL (else a temporary SQLite file); Redis is
// the embedded one.
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
	"sort"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/loadgen/lgenv"
	"github.com/weishi-dev/weishi/server/wshub"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "debate:", err)
		os.Exit(1)
	}
}

type login struct{ cookie, csrf string }

func call(ctx context.Context, client *http.Client, base string, l login, path string, body any) (int, []byte, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, "POST", base+path, bytes.NewReader(b))
	req.Header.Set("Cookie", l.cookie)
	req.Header.Set("X-CSRF-Token", l.csrf)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}

func percentiles(d []time.Duration) string {
	if len(d) == 0 {
		return "no samples"
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	p := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return fmt.Sprintf("n=%d p50=%v p95=%v p99=%v max=%v", len(d), p(0.5).Round(100*time.Microsecond), p(0.95).Round(100*time.Microsecond), p(0.99).Round(100*time.Microsecond), d[len(d)-1].Round(100*time.Microsecond))
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("debate", flag.ContinueOnError)
	viewers := fs.Int("viewers", 500, "big-screen sockets per match (at most 5000)")
	matches := fs.Int("matches", 10, "matches judged one after another (at most 50)")
	databaseURL := fs.String("database-url", "", "PostgreSQL URL; empty uses a temporary SQLite file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *viewers < 1 || *viewers > 5000 || *matches < 1 || *matches > 50 {
		return errors.New("bounds: 1 ≤ viewers ≤ 5000, 1 ≤ matches ≤ 50")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	lg, err := lgenv.Open(ctx, *databaseURL)
	if err != nil {
		return err
	}
	defer lg.Close()
	db, rds, accounts := lg.DB, lg.Redis, lg.Accounts
	svc := debate.NewService(db.Debate(), time.Now, nil)
	addr, err := lg.Serve(api.Deps{Shared: rds, Hub: wshub.New(64), Debate: svc, ContestLive: rds})
	if err != nil {
		return err
	}
	base := "http://" + addr
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}

	stamp := time.Now().UnixNano() % 1_000_000_000
	unit, err := accounts.CreateUnit(ctx, account.NewUnit{Name: fmt.Sprintf("loadgen-%d", stamp), Kind: account.UnitTeam})
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
	org, orgLogin, err := mk(fmt.Sprintf("lgo%d", stamp), account.RoleOrganizer)
	if err != nil {
		return err
	}
	logins := map[int64]login{}
	var pool []judging.Judge
	for i := range 3 * *matches {
		u, l, err := mk(fmt.Sprintf("lgj%d-%d", stamp, i), account.RoleJudge)
		if err != nil {
			return err
		}
		logins[u.ID] = l
		pool = append(pool, judging.Judge{UserID: u.ID, Name: u.Name}) // no unit: no recusal
	}
	actor := judging.Actor{UserID: org.ID, Organizer: true}
	t, err := svc.Create(ctx, actor, debate.NewTournament{Title: "压测辩论赛", Judges: pool, PanelSize: 3, Prelims: 1})
	if err != nil {
		return err
	}
	teams := make([]debate.Team, 2**matches)
	for i := range teams {
		teams[i] = debate.Team{Name: fmt.Sprintf("队%d", i+1)}
		for k := range 4 {
			teams[i].Debaters = append(teams[i].Debaters, debate.Debater{Name: fmt.Sprintf("辩手%d-%d", i+1, k+1)})
		}
	}
	if _, err := svc.AddTeams(ctx, actor, t.ID, teams); err != nil {
		return err
	}
	_, ms, err := svc.DrawRound(ctx, actor, t.ID, "压测辩题", 1)
	if err != nil {
		return err
	}
	var lat []time.Duration
	missing := 0
	h := http.Header{}
	h.Set("Cookie", orgLogin.cookie)
	h.Set("Origin", base)
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	for _, m := range ms {
		var mu sync.Mutex
		first := map[[2]int]time.Time{} // viewer, seat → first board showing it submitted
		var wg, ready sync.WaitGroup
		conns := make([]*websocket.Conn, *viewers)
		for v := range conns {
			ws, _, err := d.Dial(fmt.Sprintf("ws://%s/ws/v1/debate/matches/%d?role=screen", addr, m.ID), h)
			if err != nil {
				return fmt.Errorf("dial viewer %d: %w", v, err)
			}
			conns[v] = ws
			wg.Add(1)
			ready.Add(1)
			go func() {
				defer wg.Done()
				snap := false
				for {
					_, data, err := ws.ReadMessage()
					if err != nil {
						if !snap {
							ready.Done()
						}
						return
					}
					now := time.Now()
					var msg struct {
						Board *struct {
							Ballots []struct {
								Seat      int  `json:"seat"`
								Submitted bool `json:"submitted"`
							} `json:"ballots"`
						} `json:"board"`
					}
					if json.Unmarshal(data, &msg) != nil || msg.Board == nil {
						continue
					}
					if !snap {
						snap = true
						ready.Done()
					}
					mu.Lock()
					for _, b := range msg.Board.Ballots {
						k := [2]int{v, b.Seat}
						if _, ok := first[k]; !ok && b.Submitted {
							first[k] = now
						}
					}
					mu.Unlock()
				}
			}()
		}
		ready.Wait()
		sent := make([]time.Time, len(m.Judges))
		var jw sync.WaitGroup
		for i, j := range m.Judges {
			jw.Add(1)
			go func() {
				defer jw.Done()
				b := debate.FillBallot(t.Format, m, 0.8-0.01*float64(i), 0.75, debate.Pro)
				sent[i] = time.Now()
				st, body, err := call(ctx, client, base, logins[j], fmt.Sprintf("/api/v1/debate/matches/%d/ballot", m.ID),
					map[string]any{"stages": b.Stages, "overall": b.Overall, "speakers": b.Speakers, "winner": b.Winner})
				if err != nil || st != 200 {
					fmt.Fprintf(out, "ballot: %d %v %s\n", st, err, body)
				}
			}()
		}
		jw.Wait()
		time.Sleep(time.Second)
		for _, ws := range conns {
			ws.Close()
		}
		wg.Wait()
		for seat := range m.Judges {
			for v := range conns {
				at, ok := first[[2]int{v, seat + 1}]
				if !ok {
					missing++
					continue
				}
				lat = append(lat, at.Sub(sent[seat]))
			}
		}
	}
	fmt.Fprintf(out, "debate board (%s): %d viewers, %d matches × 3 judges; ballot → big screen %s; missing %d\n", db.Engine(), *viewers, len(ms), percentiles(lat), missing)
	if missing > 0 {
		return fmt.Errorf("%d (ballot, viewer) pairs never arrived", missing)
	}
	return nil
}
