// Command quiz is a load generator for training quizzes (issue 4): it
// starts the real API in-process on a loopback port, over SQLite (a
// temporary file) or PostgreSQL (-database-url), assigns one 20-question
// paper to N staff, has every one of them start it, autosave answers every
// -interval for -saves rounds, and then submit within -submit-within. It
// then reads every attempt back and checks that no saved answer was lost
// and that every attempt is closed. It prints latency percentiles and
// fails when the p99 of autosaves or submits is above -max-p99 (starts are
// reported, not judged).
//
//	go run ./server/loadgen/quiz -n 1000
//	go run ./server/loadgen/quiz -n 1000 -database-url postgres://…
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/loadgen/lgenv"
	"github.com/weishi-dev/weishi/server/wshub"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quiz loadgen:", err)
		os.Exit(1)
	}
}

type options struct {
	n            int
	saves        int
	interval     time.Duration
	submitWithin time.Duration
	databaseURL  string
	maxP99       time.Duration
}

const questions = 20

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("quiz", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 1000, "candidates (at most 5000)")
	fs.IntVar(&o.saves, "saves", 4, "autosave rounds per candidate (1–20)")
	fs.DurationVar(&o.interval, "interval", 10*time.Second, "time between autosaves")
	fs.DurationVar(&o.submitWithin, "submit-within", 30*time.Second, "window in which everyone submits")
	fs.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL URL; empty uses a temporary SQLite file")
	fs.DurationVar(&o.maxP99, "max-p99", 100*time.Millisecond, "fail when a p99 is above this")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.n < 1 || o.n > 5000 || o.saves < 1 || o.saves > 20 || o.interval < time.Second || o.interval > time.Minute ||
		o.submitWithin <= 0 || o.submitWithin > 5*time.Minute {
		return errors.New("bounds: 1 ≤ n ≤ 5000, 1 ≤ saves ≤ 20, 1s ≤ interval ≤ 1m, 0 < submit-within ≤ 5m")
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(o.saves+2)*o.interval+o.submitWithin+5*time.Minute)
	defer cancel()
	lg, err := lgenv.Open(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer lg.Close()
	db, accounts := lg.DB, lg.Accounts
	svc := quiz.NewService(db.Quiz(), time.Now, 0)

	// People, a bank of single-choice questions, one paper assigned to all.
	stamp := time.Now().UnixNano()
	unit, err := accounts.CreateUnit(ctx, account.NewUnit{Name: fmt.Sprintf("loadgen-%d", stamp), Kind: account.UnitTeam})
	if err != nil {
		return err
	}
	const password = "Passw0rd1"
	type person struct {
		account string
		id      int64
	}
	people := make([]person, o.n)
	for i := range people {
		acct := fmt.Sprintf("lq%d-%d", stamp%1_000_000_000, i)
		u, err := accounts.CreateUserWithoutChange(ctx, account.NewUser{Account: acct, Name: fmt.Sprintf("考生%d", i), UnitID: unit.ID,
			Roles: []account.Role{account.RoleStaff}, Password: password})
		if err != nil {
			return fmt.Errorf("create users: %w", err)
		}
		people[i] = person{acct, u.ID}
	}
	lawName := fmt.Sprintf("压测法%d", stamp%1_000_000)
	if _, err := svc.CreateLaw(ctx, quiz.NewLaw{Name: lawName, Version: quiz.NewLawVersion{Label: "2020年", Effective: "2020"}}); err != nil {
		return err
	}
	var text strings.Builder
	for i := 0; i < questions; i++ {
		fmt.Fprintf(&text, "%d. 压测第%d题（%d）\nA. 甲\nB. 乙\nC. 丙\nD. 丁\n【答案】%c\n【依据】《%s》第%d条\n\n", i+1, i, stamp, 'A'+rune(i%4), lawName, i+1)
	}
	rep, err := svc.PreviewText(ctx, text.String())
	if err != nil {
		return err
	}
	bank, err := svc.CreateBank(ctx, quiz.NewBank{Name: fmt.Sprintf("压测题库%d", stamp)})
	if err != nil {
		return err
	}
	if _, err := svc.Import(ctx, rep, []int64{bank.ID}); err != nil {
		return err
	}
	timeLimit := int((time.Duration(o.saves+2)*o.interval+o.submitWithin)/time.Minute) + 5
	paper, err := svc.CreatePaper(ctx, quiz.Paper{Title: fmt.Sprintf("压测测验%d", stamp), TimeLimit: timeLimit, ShuffleItems: true, ShuffleOptions: true,
		Rules: []quiz.DrawRule{{Count: questions, Type: quiz.TypeSingle, BankID: bank.ID, Points: 5}}}, 0)
	if err != nil {
		return err
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.id
	}
	if _, err := svc.Assign(ctx, accounts, paper.ID, ids, nil); err != nil {
		return err
	}

	addr, err := lg.Serve(api.Deps{Hub: wshub.New(16), Quiz: svc})
	if err != nil {
		return err
	}
	base := "http://" + addr

	// Sessions are opened through the service: the login rate limit is per
	// address and every simulated phone here shares 127.0.0.1.
	type login struct{ cookie, csrf string }
	logins := make([]login, len(people))
	for i, p := range people {
		_, sess, token, err := accounts.Login(ctx, p.account, password)
		if err != nil {
			return fmt.Errorf("login: %w", err)
		}
		logins[i] = login{cookie: "weishi_session=" + token, csrf: sess.CSRFToken}
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1024, MaxConnsPerHost: 1024}}
	call := func(l login, method, path string, body any) (int, []byte, time.Duration, error) {
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
		req, _ := http.NewRequestWithContext(ctx, method, base+path, r)
		req.Header.Set("Cookie", l.cookie)
		req.Header.Set("X-CSRF-Token", l.csrf)
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, nil, time.Since(start), err
		}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		return res.StatusCode, data, time.Since(start), err
	}

	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	var failures []string
	record := func(kind string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		lat[kind] = append(lat[kind], d)
		if err != nil && len(failures) < 20 {
			failures = append(failures, fmt.Sprintf("%s: %v", kind, err))
		}
	}
	attempts := make([]int64, len(people))
	expected := make([]map[int]string, len(people))
	t0 := time.Now()
	var wg sync.WaitGroup
	for i := range people {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), uint64(stamp)))
			l := logins[i]
			// everyone starts within the first interval
			time.Sleep(time.Duration(rng.Int64N(int64(o.interval))))
			status, data, d, err := call(l, "POST", fmt.Sprintf("/api/v1/quiz/papers/%d/start", paper.ID), nil)
			if err == nil && status != 200 {
				err = fmt.Errorf("status %d %s", status, data)
			}
			record("start", d, err)
			if err != nil {
				return
			}
			var sheet quiz.Sheet
			if err := json.Unmarshal(data, &sheet); err != nil {
				record("start", 0, err)
				return
			}
			attempts[i] = sheet.ID
			expected[i] = map[int]string{}
			began := time.Now()
			// autosave: each round answers the next share of the questions
			// and changes one earlier answer
			for round := 0; round < o.saves; round++ {
				time.Sleep(time.Until(began.Add(time.Duration(round+1) * o.interval)))
				var saves []quiz.Save
				for seq := 1; seq <= len(sheet.Items); seq++ {
					if (seq-1)*o.saves/len(sheet.Items) != round {
						continue
					}
					choice := string(rune('A' + rng.IntN(4)))
					expected[i][seq] = choice
					saves = append(saves, quiz.Save{Seq: seq, Response: &quiz.Response{Choices: []string{choice}}})
				}
				if round > 0 {
					seq := 1 + rng.IntN(len(expected[i]))
					choice := string(rune('A' + rng.IntN(4)))
					expected[i][seq] = choice
					saves = append(saves, quiz.Save{Seq: seq, Response: &quiz.Response{Choices: []string{choice}}})
				}
				status, data, d, err := call(l, "PUT", fmt.Sprintf("/api/v1/quiz/attempts/%d/answers", sheet.ID), map[string]any{"answers": saves})
				if err == nil && status != 200 {
					err = fmt.Errorf("status %d %s", status, data)
				}
				record("autosave", d, err)
			}
			// everyone submits within the window after the last round
			time.Sleep(time.Until(t0.Add(time.Duration(o.saves+1)*o.interval + time.Duration(rng.Int64N(int64(o.submitWithin))))))
			status, data, d, err = call(l, "POST", fmt.Sprintf("/api/v1/quiz/attempts/%d/submit", sheet.ID), nil)
			if err == nil && status != 200 {
				err = fmt.Errorf("status %d %s", status, data)
			}
			record("submit", d, err)
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(t0)

	// No answer lost: every attempt is closed and holds exactly the last
	// answer saved for every question.
	lost, open := 0, 0
	for i, id := range attempts {
		if id == 0 {
			lost += questions
			continue
		}
		a, err := svc.Attempt(ctx, id)
		if err != nil {
			return err
		}
		if a.Status == quiz.AttemptOpen {
			open++
		}
		for _, it := range a.Items {
			want, ok := expected[i][it.Seq]
			if !ok {
				continue
			}
			if it.Response == nil || len(it.Response.Choices) != 1 || it.Response.Choices[0] != want {
				lost++
			}
		}
	}

	statsStart := time.Now()
	st, err := svc.Stats(ctx, paper.ID)
	if err != nil {
		return err
	}
	statsTook := time.Since(statsStart)

	engine := "SQLite"
	if o.databaseURL != "" {
		engine = "PostgreSQL"
	}
	fmt.Fprintf(out, "%s: %d candidates, %d autosaves each every %s, submit within %s; %s in all\n", engine, o.n, o.saves, o.interval, o.submitWithin, elapsed.Round(time.Second))
	worst := time.Duration(0)
	for _, kind := range []string{"start", "autosave", "submit"} {
		ds := lat[kind]
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		if len(ds) == 0 {
			continue
		}
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(float64(len(ds))*p))] }
		fmt.Fprintf(out, "  %-8s n=%5d p50=%7.1fms p95=%7.1fms p99=%7.1fms max=%7.1fms\n", kind, len(ds),
			ms(q(0.5)), ms(q(0.95)), ms(q(0.99)), ms(ds[len(ds)-1]))
		if kind != "start" {
			worst = max(worst, q(0.99))
		}
	}
	fmt.Fprintf(out, "  answers lost: %d, attempts left open: %d, request errors: %d\n", lost, open, len(failures))
	fmt.Fprintf(out, "  paper statistics over %d attempts: %.0f ms\n", st.Completed, ms(statsTook))
	for _, f := range failures {
		fmt.Fprintln(out, "  error:", f)
	}
	switch {
	case lost > 0 || open > 0 || len(failures) > 0:
		return errors.New("answers were lost, attempts left open or requests failed")
	case worst > o.maxP99:
		return fmt.Errorf("p99 %s above %s", worst, o.maxP99)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
