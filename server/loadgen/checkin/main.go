// Command checkin is a load generator for QR check-in (issue 3): it starts
// the real API in-process on a loopback port, over SQLite (a temporary file)
// or PostgreSQL (-database-url), creates N staff enrolled in one session
// that is starting now, and has every one of them check in over HTTP within
// the given time while the classroom display polls the rotating token every
// 2 s. It then sends duplicate scans and checks that no check-in was lost
// or doubled. It prints latency percentiles and fails when p99 is above
// -max-p99.
//
//	go run ./server/loadgen/checkin -n 500 -within 60s
//	go run ./server/loadgen/checkin -n 500 -within 60s -database-url postgres://…
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
	"sync"
	"sync/atomic"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/loadgen/lgenv"
	"github.com/weishi-dev/weishi/server/wshub"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "checkin:", err)
		os.Exit(1)
	}
}

type options struct {
	n           int
	within      time.Duration
	databaseURL string
	duplicates  int
	maxP99      time.Duration
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("checkin", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 500, "staff who check in (at most 5000)")
	fs.DurationVar(&o.within, "within", 60*time.Second, "time over which the scans arrive (at most 5m)")
	fs.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL URL; empty uses a temporary SQLite file")
	fs.IntVar(&o.duplicates, "duplicates", 100, "second scans sent after the first round")
	fs.DurationVar(&o.maxP99, "max-p99", 100*time.Millisecond, "fail when the check-in p99 is above this")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.n < 1 || o.n > 5000 || o.within <= 0 || o.within > 5*time.Minute || o.duplicates < 0 || o.duplicates > o.n {
		return errors.New("bounds: 1 ≤ n ≤ 5000, 0 < within ≤ 5m, 0 ≤ duplicates ≤ n")
	}
	ctx, cancel := context.WithTimeout(ctx, o.within+5*time.Minute)
	defer cancel()
	lg, err := lgenv.Open(ctx, o.databaseURL)
	if err != nil {
		return err
	}
	defer lg.Close()
	db, accounts := lg.DB, lg.Accounts
	svc, err := courses.NewService(db.Courses(), courses.Config{Secret: []byte("loadgen-secret-0123456789abcdef")})
	if err != nil {
		return err
	}

	// People, class, batch, session starting now, enrolment.
	stamp := time.Now().UnixNano()
	unit, err := accounts.CreateUnit(ctx, account.NewUnit{Name: fmt.Sprintf("loadgen-%d", stamp), Kind: account.UnitTeam})
	if err != nil {
		return err
	}
	const password = "Passw0rd1"
	newUsers := make([]account.NewUser, o.n+1)
	for i := range newUsers {
		newUsers[i] = account.NewUser{Account: fmt.Sprintf("lg%d-%d", stamp%1_000_000_000, i), Name: fmt.Sprintf("压测%d", i), UnitID: unit.ID,
			Roles: []account.Role{account.RoleStaff}, Password: password}
	}
	newUsers[0].Roles = []account.Role{account.RoleOrganizer}
	ids := make([]int64, len(newUsers))
	for i, n := range newUsers {
		u, err := accounts.CreateUserWithoutChange(ctx, n)
		if err != nil {
			return fmt.Errorf("create users: %w", err)
		}
		ids[i] = u.ID
	}
	org, err := accounts.User(ctx, ids[0])
	if err != nil {
		return err
	}
	class, err := svc.CreateClass(ctx, org, courses.ClassInput{Title: fmt.Sprintf("压测签到-%d", stamp), Kind: courses.KindOther})
	if err != nil {
		return err
	}
	now := time.Now().In(courses.Shanghai)
	batch, err := svc.CreateBatch(ctx, org, class.ID, courses.BatchInput{Name: "b", StartsOn: now.AddDate(0, 0, -1).Format(courses.DateLayout),
		EndsOn: now.AddDate(0, 0, 1).Format(courses.DateLayout), Capacity: o.n})
	if err != nil {
		return err
	}
	session, err := svc.SaveSession(ctx, org, 0, courses.SessionInput{BatchID: batch.ID, Start: now.Add(-time.Minute), End: now.Add(2 * time.Hour),
		Topic: "load", Venue: fmt.Sprintf("room-%d", stamp), Hours: 2})
	if err != nil {
		return err
	}
	if _, err := svc.Enrol(ctx, org, batch.ID, courses.EnrolInput{UserIDs: ids[1:]}); err != nil {
		return err
	}

	addr, err := lg.Serve(api.Deps{Hub: wshub.New(16), Courses: svc})
	if err != nil {
		return err
	}
	base := "http://" + addr

	// Sessions are opened through the service: the login rate limit is per
	// address and every simulated phone here shares 127.0.0.1.
	type login struct{ cookie, csrf string }
	logins := make([]login, len(newUsers))
	for i, n := range newUsers {
		_, sess, token, err := accounts.Login(ctx, n.Account, password)
		if err != nil {
			return fmt.Errorf("login: %w", err)
		}
		logins[i] = login{cookie: "weishi_session=" + token, csrf: sess.CSRFToken}
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	call := func(l login, method, path string, body any) (int, []byte, error) {
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
		req, _ := http.NewRequestWithContext(ctx, method, base+path, r)
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

	// The classroom display polls every 2 s; scans use the token it shows.
	var token atomic.Value
	poll := func() error {
		status, data, err := call(logins[0], "GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", session.ID), nil)
		if err != nil || status != 200 {
			return fmt.Errorf("display: %d %v %s", status, err, data)
		}
		var d struct{ Token string }
		if err := json.Unmarshal(data, &d); err != nil {
			return err
		}
		token.Store(d.Token)
		return nil
	}
	// Warm the connection pools as a server that has been up would have them.
	var warm sync.WaitGroup
	for i := 0; i < 16; i++ {
		warm.Add(1)
		go func() { defer warm.Done(); _ = poll() }()
	}
	warm.Wait()
	if err := poll(); err != nil {
		return err
	}
	stopPoll := make(chan struct{})
	var polls atomic.Int64
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopPoll:
				return
			case <-t.C:
				if poll() == nil {
					polls.Add(1)
				}
			}
		}
	}()

	scan := func(i int) (time.Duration, bool, error) {
		t0 := time.Now()
		status, data, err := call(logins[i], "POST", "/api/v1/courses/checkin", map[string]string{"token": token.Load().(string)})
		d := time.Since(t0)
		if err != nil {
			return d, false, err
		}
		if status != 200 {
			return d, false, fmt.Errorf("status %d: %s", status, data)
		}
		var res struct{ Already bool }
		if err := json.Unmarshal(data, &res); err != nil {
			return d, false, err
		}
		return d, res.Already, nil
	}

	fmt.Fprintf(out, "engine %s: %d staff scan within %s (display polls every 2 s)\n", db.Engine(), o.n, o.within)
	lat := make([]time.Duration, o.n)
	var failed, already atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for i := 1; i <= o.n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Duration(rand.Int64N(int64(o.within))))
			d, dup, err := scan(i)
			lat[i-1] = d
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
			}
			if dup {
				already.Add(1)
			}
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)

	// Second scans: must all answer "already", changing nothing.
	var dupLat []time.Duration
	var dupMu sync.Mutex
	var dupBad atomic.Int64
	for _, i := range rand.Perm(o.n)[:o.duplicates] {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d, dup, err := scan(i + 1)
			if err != nil || !dup {
				dupBad.Add(1)
			}
			dupMu.Lock()
			dupLat = append(dupLat, d)
			dupMu.Unlock()
		}(i)
	}
	wg.Wait()
	close(stopPoll)

	count, err := db.Courses().CheckedIn(ctx, session.ID)
	if err != nil {
		return err
	}
	roster, err := svc.Roster(ctx, org, session.ID)
	if err != nil {
		return err
	}
	recorded := 0
	for _, a := range roster {
		if a.Status != "" {
			recorded++
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[int(float64(len(lat)-1)*p)] }
	fmt.Fprintf(out, "first scans: %d sent in %s, %d failed, %d answered already\n", o.n, elapsed.Round(time.Millisecond), failed.Load(), already.Load())
	fmt.Fprintf(out, "latency: p50 %s  p95 %s  p99 %s  max %s\n", pct(0.50).Round(10*time.Microsecond), pct(0.95).Round(10*time.Microsecond),
		pct(0.99).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond))
	fmt.Fprintf(out, "second scans: %d sent, %d not answered already\n", len(dupLat), dupBad.Load())
	fmt.Fprintf(out, "stored: %d checked in, %d roster records, for %d enrolled; display polled %d times\n", count, recorded, len(roster), polls.Load())
	switch {
	case failed.Load() > 0:
		return fmt.Errorf("%d check-ins failed, first: %v", failed.Load(), firstErr.Load())
	case count != o.n || recorded != o.n:
		return fmt.Errorf("lost or doubled: %d stored for %d scans", count, o.n)
	case dupBad.Load() > 0:
		return fmt.Errorf("%d second scans were not answered as already checked in", dupBad.Load())
	case pct(0.99) > o.maxP99:
		return fmt.Errorf("p99 %s is above %s", pct(0.99), o.maxP99)
	}
	fmt.Fprintln(out, "ok: no check-in lost or doubled")
	return nil
}
