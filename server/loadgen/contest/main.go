// Command contest is the live-contest load generator (issue 5). It runs a
// Weishi API server in this process, on loopback, with its own users and an
// individual contest, and starts itself again as a second process that
// opens the gorilla websocket clients, so the server's memory is measured
// without the clients'. Everything is bounded in count and time.
//
//	go run ./server/loadgen/contest -mode burst -players 2000
//	go run ./server/loadgen/contest -mode fanout -players 2000 -viewers 10000 -duration 60s
//	go run ./server/loadgen/contest -mode fanout -players 2000 -viewers 10000 -duration 60s -slow 0.05
//	go run ./server/loadgen/contest -mode idle -viewers 12000
//	go run ./server/loadgen/contest -mode idle -viewers 12000 -target bare
//	go run ./server/loadgen/contest -mode compare -players 20 -viewers 10000
//	go run ./server/loadgen/contest -mode reconnect -players 0 -viewers 12000 -window 30s
//
// compare measures the bare hub (barehub.go) and Weishi on the same
// number of sockets in one run, on an open-loop schedule (-publishes
// every -every). reconnect restarts the server's instance under open
// sockets and reconnects them all within -window.
//
// DATABASE_URL and REDIS_URL select PostgreSQL and a real Redis; unset, it
// uses an SQLite file in a temporary directory and the embedded Redis.
// Users get bcrypt's minimum cost and logins bypass the HTTP rate limits
// (sessions are opened through the account service).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/wshub"
)

// Bounds: the generator refuses more than these.
const (
	maxPlayers  = 5000
	maxViewers  = 15000
	maxDuration = 5 * time.Minute
)

type options struct {
	role      string
	mode      string
	players   int
	viewers   int
	window    time.Duration
	duration  time.Duration
	rate      float64
	slow      float64
	spec      string
	queue     int
	target    string
	every     time.Duration
	publishes int
	cpuprof   string
	traceFile string
	writers   int
	probes    int
}

// spec is what the server side hands the client side.
type spec struct {
	Addr    string   `json:"addr"`
	Bare    string   `json:"bare"`
	Contest int64    `json:"contest"`
	Host    string   `json:"host"`
	Viewer  string   `json:"viewer"`
	Players []string `json:"players"`
	UserIDs []int64  `json:"userIds"`
}

func main() {
	var o options
	flag.StringVar(&o.role, "role", "server", "server (default) or clients (internal)")
	flag.StringVar(&o.mode, "mode", "burst", "burst, fanout, idle, compare or reconnect")
	flag.StringVar(&o.target, "target", "weishi", "idle: weishi or bare (the bare hub)")
	flag.DurationVar(&o.every, "every", 150*time.Millisecond, "compare: the open-loop schedule")
	flag.IntVar(&o.publishes, "publishes", 20, "compare: publishes per phase")
	flag.IntVar(&o.writers, "writers", -1, "server: -1 = as the server (a pool of one writer per CPU), 0 = one writer goroutine per socket, n = a pool of n writers")
	flag.StringVar(&o.cpuprof, "cpuprofile", "", "write the server's CPU profile (the whole run) to this file")
	flag.StringVar(&o.traceFile, "trace", "", "write the server's execution trace (the measured phases) to this file")
	flag.IntVar(&o.players, "players", 2000, "logged-in players")
	flag.IntVar(&o.viewers, "viewers", 0, "audience sockets (fanout, idle)")
	flag.DurationVar(&o.window, "window", 5*time.Second, "burst: answers are spread over this window")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "fanout: how long the board is updated")
	flag.Float64Var(&o.rate, "rate", 2, "fanout: leaderboard changes per second")
	flag.Float64Var(&o.slow, "slow", 0, "fanout: fraction of viewers that read slowly")
	flag.StringVar(&o.spec, "spec", "", "internal: the spec file for the clients")
	flag.IntVar(&o.queue, "queue", 64, "per-connection send queue of the server")
	flag.IntVar(&o.probes, "probes", 50, "burst: this many of the players answer from a process of their own (as a phone would: not behind the other players' reads)")
	flag.Parse()
	if o.players > maxPlayers || o.viewers > maxViewers || o.duration > maxDuration || o.window > maxDuration || o.publishes > 200 || o.every < 10*time.Millisecond {
		fmt.Fprintln(os.Stderr, "loadgen: over the bounds (players ≤ 5000, viewers ≤ 15000, duration ≤ 5m)")
		os.Exit(2)
	}
	var err error
	if o.role == "clients" {
		err = runClients(o)
	} else if o.role == "host" {
		err = runHost(o)
	} else {
		err = runServer(o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type noLimit struct{}

func (noLimit) Hit(context.Context, string, time.Duration) (int64, time.Duration, error) {
	return 1, time.Minute, nil
}
func (noLimit) Peek(context.Context, string) (int64, time.Duration, error) { return 0, 0, nil }
func (noLimit) Reset(context.Context, string) error                        { return nil }

func runServer(o options) error {
	ctx := context.Background()
	stamp := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	dir, err := os.MkdirTemp("", "weishi-loadgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := sqlstore.Open(ctx, os.Getenv("DATABASE_URL"), dir)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	rds, err := live.Open(ctx, os.Getenv("REDIS_URL"), nil, live.WithPrefix("loadgen:"+stamp+":"))
	if err != nil {
		return err
	}
	defer rds.Close()
	engine := "SQLite"
	if os.Getenv("DATABASE_URL") != "" {
		engine = "PostgreSQL"
	}
	redisKind := "embedded miniredis"
	if !rds.Embedded() {
		redisKind = "Redis"
	}

	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		return err
	}
	const pw = "Loadgen2026x"
	_, _ = accounts.Bootstrap(ctx, "负载测试", pw) // fails harmlessly on a database with users
	units, err := accounts.Units(ctx)
	if err != nil || len(units) == 0 {
		return fmt.Errorf("no unit: %v", err)
	}
	mk := func(acct string, role account.Role) (int64, string, error) {
		u, err := accounts.CreateUserWithoutChange(ctx, account.NewUser{Account: acct, Name: acct, UnitID: units[0].ID, Roles: []account.Role{role}, Password: pw})
		if err != nil {
			return 0, "", err
		}
		_, _, token, err := accounts.Login(ctx, acct, pw)
		return u.ID, token, err
	}
	t0 := time.Now()
	hostID, hostToken, err := mk("lg"+stamp+"-host", account.RoleOrganizer)
	if err != nil {
		return err
	}
	_, viewerToken, err := mk("lg"+stamp+"-viewer", account.RoleStaff)
	if err != nil {
		return err
	}
	sp := spec{Host: hostToken, Viewer: viewerToken}
	for i := 0; i < o.players; i++ {
		id, tok, err := mk(fmt.Sprintf("lg%s-p%d", stamp, i), account.RoleStaff)
		if err != nil {
			return err
		}
		sp.Players = append(sp.Players, tok)
		sp.UserIDs = append(sp.UserIDs, id)
	}
	fmt.Fprintf(os.Stderr, "loadgen: %d users in %s\n", o.players+2, time.Since(t0).Round(time.Millisecond))

	svc := contest.NewService(db.Contests(), nil, time.Now)
	host := contest.Actor{UserID: hostID}
	qs := make([]contest.Question, 3)
	for i := range qs {
		qs[i] = contest.Question{Type: contest.TypeSingle, Stem: fmt.Sprintf("第 %d 题", i+1), Options: []string{"甲", "乙", "丙", "丁"}, Answer: "B"}
	}
	limit := int(o.window/time.Second) + 5
	c, err := svc.Create(ctx, host, contest.NewContest{Title: "负载测试 " + stamp, Config: contest.Config{Mode: contest.ModeIndividual,
		Rounds: []contest.Round{{Kind: contest.KindEveryone, Title: "全员", Points: 1000, Scoring: contest.ScoringKahoot, TimeLimit: limit, Questions: qs}}}})
	if err != nil {
		return err
	}
	if _, err := svc.Publish(ctx, host, c.ID); err != nil {
		return err
	}
	sp.Contest = c.ID

	// the instance: an app, its hub and its contest service (a restart
	// makes new ones, as a new process would)
	var hub *wshub.Hub
	var app interface{ ShutdownWithTimeout(time.Duration) error }
	var reg *prometheus.Registry
	start := func(ln net.Listener) {
		switch {
		case o.writers < 0:
			hub = wshub.New(o.queue)
		case o.writers == 0:
			hub = wshub.NewWriterPerSocket(o.queue)
		default:
			hub = wshub.NewPooled(o.queue, o.writers)
		}
		reg = prometheus.NewRegistry()
		a := api.New(api.Deps{Accounts: accounts, Database: db, Redis: rds, Limiter: noLimit{}, Hub: hub,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: reg,
			Contests: svc, ContestLive: rds, RequestTimeout: time.Minute})
		go a.Listener(ln)
		app = a
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	start(ln)
	defer func() { app.ShutdownWithTimeout(5 * time.Second) }()
	sp.Addr = ln.Addr().String()
	bln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer bln.Close()
	serveBare(bln)
	sp.Bare = bln.Addr().String()

	f, err := os.CreateTemp(dir, "spec-*.json")
	if err != nil {
		return err
	}
	if err := json.NewEncoder(f).Encode(sp); err != nil {
		return err
	}
	f.Close()

	if o.cpuprof != "" {
		pf, err := os.Create(o.cpuprof)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); pf.Close() }()
	}
	runtime.GC()
	before := memNow()
	cmd := exec.Command(os.Args[0], "-role=clients", "-spec="+f.Name(), "-mode="+o.mode, "-target="+o.target,
		"-every="+o.every.String(), "-publishes="+strconv.Itoa(o.publishes),
		"-players="+strconv.Itoa(o.players), "-viewers="+strconv.Itoa(o.viewers), "-window="+o.window.String(),
		"-duration="+o.duration.String(), "-rate="+strconv.FormatFloat(o.rate, 'f', -1, 64), "-slow="+strconv.FormatFloat(o.slow, 'f', -1, 64))
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		return err
	}
	var result map[string]any
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "READY":
			time.Sleep(2 * time.Second)
			runtime.GC()
			debug.FreeOSMemory()
			after := memNow()
			n := o.viewers + o.players
			fmt.Printf("idle connections: %d (server side, this process)\n", n)
			fmt.Printf("  Go heap+stacks: %.1f MiB → %.1f MiB: %.1f KiB per connection\n", mib(before.goInUse), mib(after.goInUse), float64(after.goInUse-before.goInUse)/1024/float64(n))
			fmt.Printf("  RSS:            %.1f MiB → %.1f MiB: %.1f KiB per connection\n", mib(before.rss), mib(after.rss), float64(after.rss-before.rss)/1024/float64(n))
			fmt.Printf("  goroutines: %d\n", runtime.NumGoroutine())
			io.WriteString(stdin, "quit\n")
		case line == "CPU":
			fmt.Fprintf(stdin, "cpu %d\n", cpuUs())
		case line == "REPLIES":
			b, _ := json.Marshal(gatherReplies(reg))
			fmt.Fprintf(stdin, "replies %s\n", b)
		case line == "TRACE":
			// the measured phase starts: the trace covers it only
			if o.traceFile != "" {
				if tf, err := os.Create(o.traceFile); err == nil {
					if trace.Start(tf) == nil {
						defer func() { trace.Stop(); tf.Close() }()
					}
				}
			}
			io.WriteString(stdin, "tracing\n")
		case line == "RESTART":
			// the instance goes away (every socket gets 1001) and a new one
			// starts on the same address with a new contest service
			t0 := time.Now()
			hub.Shutdown(time.Now().Add(10 * time.Second))
			app.ShutdownWithTimeout(5 * time.Second)
			svc = contest.NewService(db.Contests(), nil, time.Now)
			nl, err := net.Listen("tcp", sp.Addr)
			if err != nil {
				return fmt.Errorf("restart: %w", err)
			}
			start(nl)
			fmt.Printf("restart: the instance was replaced in %s\n", time.Since(t0).Round(time.Millisecond))
			io.WriteString(stdin, "restarted\n")
		case strings.HasPrefix(line, "RESULT "):
			_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "RESULT ")), &result)
		default:
			fmt.Println(line)
		}
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("clients: %w", err)
	}
	fmt.Printf("engines: %s + %s; GOMAXPROCS %d; CPUs %d\n", engine, redisKind, runtime.GOMAXPROCS(0), runtime.NumCPU())
	if o.mode == "burst" {
		entries, err := db.Contests().Log(ctx, c.ID, 0)
		if err != nil {
			return err
		}
		answers, ids := 0, map[string]bool{}
		for _, e := range entries {
			if e.Action.Type == contest.ActAnswer {
				answers++
				ids[e.Action.ClientID] = true
			}
		}
		acked, _ := result["acked"].(float64)
		fmt.Printf("stored answers: %d (distinct client ids %d); acknowledged by the server: %.0f → lost %d, doubled %d\n",
			answers, len(ids), acked, int(acked)-len(ids), answers-len(ids))
	}
	return nil
}

// cpuUs is this process's CPU time (user + system) in µs.
func cpuUs() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Sec*1e6 + ru.Utime.Usec + ru.Stime.Sec*1e6 + ru.Stime.Usec
}

type mem struct{ goInUse, rss uint64 }

func memNow() mem {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := mem{goInUse: ms.HeapInuse + ms.StackInuse}
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "VmRSS:") {
				f := strings.Fields(line)
				if len(f) >= 2 {
					kb, _ := strconv.ParseUint(f[1], 10, 64)
					m.rss = kb * 1024
				}
			}
		}
	}
	return m
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
