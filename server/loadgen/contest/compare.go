package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The compare mode measures, in one run and on the same sockets count:
// the bare hub's plain broadcast, Weishi's plain broadcast (pause/resume:
// one state each) and Weishi's score change (adjust: state + board), each
// published on a fixed open-loop schedule (the host does not wait for an
// ack before the next command), with the server's CPU per delivered
// message for each phase.

// seen is one message a viewer read.
type seen struct {
	kind     byte // 's' state, 'b' board, 'x' bare
	seq      int64
	serverMs int64
	recvUs   int64
}

// viewer is a socket that records what it reads.
type viewer struct {
	ws     *websocket.Conn
	mu     sync.Mutex
	seen   []seen
	last   []byte // the last state, raw (the bare hub's template)
	closed atomic.Bool
	code   atomic.Int64 // the close code it got
}

var (
	statePrefix = []byte(`{"type":"state"`)
	bareKey     = []byte(`"bare":1`)
)

func (v *viewer) read(keep bool) {
	defer v.closed.Store(true)
	for {
		_, data, err := v.ws.ReadMessage()
		if err != nil {
			if ce, ok := err.(*websocket.CloseError); ok {
				v.code.Store(int64(ce.Code))
			}
			return
		}
		now := nowUs()
		var k byte
		switch {
		case bytes.HasPrefix(data, statePrefix):
			k = 's'
			if bytes.Contains(data, bareKey) {
				k = 'x'
			} else if keep {
				v.mu.Lock()
				v.last = append(v.last[:0], data...)
				v.mu.Unlock()
			}
		case bytes.HasPrefix(data, boardPrefix):
			k = 'b'
		default:
			continue
		}
		v.mu.Lock()
		v.seen = append(v.seen, seen{kind: k, seq: intAfter(data, seqKey), serverMs: intAfter(data, serverTimeKey), recvUs: now})
		v.mu.Unlock()
	}
}

func (v *viewer) reset() {
	v.mu.Lock()
	v.seen = v.seen[:0]
	v.mu.Unlock()
}

func dialViewer(url string, h http.Header, keep bool) (*viewer, time.Duration, error) {
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 1024}
	start := time.Now()
	ws, _, err := d.Dial(url, h)
	if err != nil {
		return nil, 0, err
	}
	took := time.Since(start)
	v := &viewer{ws: ws}
	go v.read(keep)
	return v, took, nil
}

func weishiHeader(sp spec, token string) http.Header {
	h := http.Header{}
	h.Set("Cookie", "weishi_session="+token)
	h.Set("Origin", "http://"+sp.Addr)
	return h
}

func contestURL(sp spec, role string) string {
	return fmt.Sprintf("ws://%s/ws/v1/contests/%d?role=%s", sp.Addr, sp.Contest, role)
}

// dialViewers opens n viewers, at most 64 handshakes at a time.
func dialViewers(n int, url string, h http.Header) ([]*viewer, error) {
	out := make([]*viewer, n)
	var first error
	var mu sync.Mutex
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			v, _, err := dialViewer(url, h, false)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = err
				}
				return
			}
			out[i] = v
		}(i)
	}
	wg.Wait()
	return out, first
}

func closeAll(vs []*viewer) {
	for _, v := range vs {
		if v != nil {
			v.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
			v.ws.Close()
		}
	}
}

// The server answers "CPU" with its process CPU time in µs on our stdin.
var stdin = bufio.NewReader(os.Stdin)

func serverCPU() int64 {
	fmt.Println("CPU")
	line, _ := stdin.ReadString('\n')
	n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(line, "cpu ")), 10, 64)
	return n
}

// phase is what one schedule of publishes delivered.
type phase struct {
	name       string
	deliveries []float64 // every recipient's delay, server send → read, ms
	last       []float64 // per publish: the last recipient's delay, ms
	e2e        []float64 // per publish: command sent → last viewer saw its seq (Weishi), ms
	delivered  int
	cpuUs      int64
	acks       []float64
	replies    string // the server's reply histogram over the phase
	missing    int    // viewer × publish pairs never seen
	pairs      int    // viewers × publishes (the notifications owed)
}

func (p phase) cpuPerMsg() float64 {
	if p.delivered == 0 {
		return 0
	}
	return float64(p.cpuUs) / float64(p.delivered)
}

func (p phase) print() {
	fmt.Printf("%s: %d messages delivered, server CPU %.1f ms → %.2f µs per delivered message, %.2f µs per viewer × publish; missing %d\n", p.name, p.delivered, float64(p.cpuUs)/1000, p.cpuPerMsg(), float64(p.cpuUs)/float64(max(p.pairs, 1)), p.missing)
	fmt.Println("  " + summary("delivery delay, every recipient (server send → read)", p.deliveries))
	fmt.Println("  " + summary("last recipient per publish (server send → read)", p.last))
	if len(p.e2e) > 0 {
		fmt.Println("  " + summary("command sent → last viewer has the new seq", p.e2e))
	}
	if len(p.acks) > 0 {
		fmt.Println("  " + summary("host command → ack during the fan-out (the host in its own process)", p.acks))
		fmt.Println("    " + p.replies)
	}
}

// collect measures kinds of messages the viewers read since reset.
func collect(vs []*viewer, kinds string) (deliveries []float64, last map[int64]int64, delivered int) {
	last = map[int64]int64{}
	for _, v := range vs {
		v.mu.Lock()
		for _, s := range v.seen {
			if !strings.ContainsRune(kinds, rune(s.kind)) {
				continue
			}
			d := s.recvUs - s.serverMs*1000
			deliveries = append(deliveries, float64(d)/1000)
			if d > last[s.serverMs] {
				last[s.serverMs] = d
			}
			delivered++
		}
		v.mu.Unlock()
	}
	return
}

func compare(o options, sp spec) error {
	n := o.viewers
	every := o.every
	count := o.publishes
	// the players join (their scores are what adjust changes)
	players, err := dialAll(o.players, func(i int) (*client, error) { return dial(sp, sp.Players[i], "player", false, 0) })
	if err != nil {
		return err
	}
	defer func() {
		for _, p := range players {
			p.ws.Close()
		}
	}()
	// 1. the template: the bytes of Weishi's audience state
	probe, _, err := dialViewer(contestURL(sp, "audience"), weishiHeader(sp, sp.Viewer), true)
	if err != nil {
		return err
	}
	host, err := dial(sp, sp.Host, "host", false, 0)
	if err != nil {
		return err
	}
	for _, c := range []string{"next", "show"} {
		if _, _, err := host.cmd(c, nil); err != nil {
			return err
		}
	}
	time.Sleep(300 * time.Millisecond)
	probe.mu.Lock()
	tmpl := append([]byte(nil), probe.last...)
	probe.mu.Unlock()
	closeAll([]*viewer{probe})
	if len(tmpl) == 0 {
		return fmt.Errorf("no state to copy")
	}
	// mark it as the bare hub's and keep the size
	tmpl = bytes.Replace(tmpl, []byte(`{"type":"state",`), []byte(`{"type":"state","bare":1,`), 1)
	fmt.Printf("compare: %d viewers; %d publishes every %s (open loop); message %d bytes\n", n, count, every, len(tmpl))

	// 2. the bare hub
	bare, err := dialViewers(n, "ws://"+sp.Bare+"/ws", nil)
	if err != nil {
		return err
	}
	ctl, _, err := websocket.DefaultDialer.Dial("ws://"+sp.Bare+"/ws?ctl=1", nil)
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	cpu0 := serverCPU()
	tick := time.NewTicker(every)
	for i := 0; i < count; i++ {
		<-tick.C
		if err := ctl.WriteMessage(websocket.TextMessage, tmpl); err != nil {
			return err
		}
	}
	tick.Stop()
	time.Sleep(2 * time.Second)
	pb := phase{name: "bare hub, plain broadcast", pairs: n * count}
	pb.cpuUs = serverCPU() - cpu0
	var lastB map[int64]int64
	pb.deliveries, lastB, pb.delivered = collect(bare, "x")
	for _, d := range lastB {
		pb.last = append(pb.last, float64(d)/1000)
	}
	pb.missing = n*count - pb.delivered
	ctl.Close()
	closeAll(bare)
	bare = nil
	time.Sleep(3 * time.Second)

	// 3. Weishi: the same number of audience sockets
	vs, err := dialViewers(n, contestURL(sp, "audience"), weishiHeader(sp, sp.Viewer))
	if err != nil {
		return err
	}
	o.probes = 0 // the host only
	hp, err := startHost(o)
	if err != nil {
		return err
	}
	defer hp.close()
	time.Sleep(2 * time.Second)
	run := func(name string, cmd func(i int) (string, map[string]any), kinds string) (phase, error) {
		for _, v := range vs {
			v.reset()
		}
		p := phase{name: name, pairs: len(vs) * count}
		type sent struct {
			at  int64 // µs
			seq int64
		}
		sends := make([]sent, count)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failed atomic.Int64
		rep0 := serverReplies()
		cpu0 := serverCPU()
		tick := time.NewTicker(every)
		for i := 0; i < count; i++ {
			<-tick.C
			c, extra := cmd(i)
			// written here, in order; the ack is awaited aside (open loop:
			// the next command does not wait for it)
			ref := fmt.Sprintf("%s-%d-%d", c, i, nowUs())
			v := map[string]any{"type": "cmd", "cmd": c, "ref": ref}
			for k, x := range extra {
				v[k] = x
			}
			ch, err := hp.send(ref, v)
			if err != nil {
				return p, err
			}
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				select {
				case m := <-ch:
					if m.Type != "ack" {
						failed.Add(1)
						return
					}
					mu.Lock()
					// the host process's own clock (the same machine)
					sends[i] = sent{at: m.SentUs, seq: m.Seq}
					p.acks = append(p.acks, float64(m.AckUs-m.SentUs)/1000)
					mu.Unlock()
				case <-time.After(40 * time.Second):
					failed.Add(1)
				}
			}(i)
		}
		tick.Stop()
		wg.Wait()
		time.Sleep(2 * time.Second)
		p.cpuUs = serverCPU() - cpu0
		p.replies = serverReplies().since(rep0)
		if failed.Load() > 0 {
			return p, fmt.Errorf("%s: %d commands failed", name, failed.Load())
		}
		var last map[int64]int64
		p.deliveries, last, p.delivered = collect(vs, kinds)
		for _, d := range last {
			p.last = append(p.last, float64(d)/1000)
		}
		// end to end: when each viewer first had a message at or after the command's seq
		for _, s := range sends {
			worst := int64(-1)
			for _, v := range vs {
				v.mu.Lock()
				got := int64(-1)
				for _, x := range v.seen {
					if x.seq >= s.seq && strings.ContainsRune(kinds, rune(x.kind)) {
						got = x.recvUs
						break
					}
				}
				v.mu.Unlock()
				if got < 0 {
					p.missing++
					continue
				}
				if got-s.at > worst {
					worst = got - s.at
				}
			}
			if worst >= 0 {
				p.e2e = append(p.e2e, float64(worst)/1000)
			}
		}
		return p, nil
	}
	pp, err := run("Weishi, plain broadcast (pause/resume → state)", func(i int) (string, map[string]any) {
		if i%2 == 0 {
			return "pause", nil
		}
		return "resume", nil
	}, "s")
	if err != nil {
		return err
	}
	if count%2 == 1 {
		host.cmd("resume", nil)
	}
	startTrace()
	ps, err := run("Weishi, score change (adjust → state + board)", func(i int) (string, map[string]any) {
		return "adjust", map[string]any{"side": sp.UserIDs[i%len(sp.UserIDs)], "value": 1 + i, "reason": "load"}
	}, "sb")
	if err != nil {
		return err
	}
	disc := 0
	for _, v := range vs {
		if v.closed.Load() {
			disc++
		}
	}
	closeAll(vs)
	for _, p := range []phase{pb, pp, ps} {
		p.print()
	}
	hub99 := pct(pb.deliveries, 99)
	fmt.Printf("ratios to the bare hub in this run: delivery p99 plain %.2f×, score change %.2f×; last-recipient p50 plain %.2f×, score change %.2f×; CPU per message plain %.2f×, score change %.2f×\n",
		pct(pp.deliveries, 99)/hub99, pct(ps.deliveries, 99)/hub99,
		pct(pp.last, 50)/pct(pb.last, 50), pct(ps.last, 50)/pct(pb.last, 50),
		pp.cpuPerMsg()/pb.cpuPerMsg(), ps.cpuPerMsg()/pb.cpuPerMsg())
	fmt.Printf("disconnected Weishi viewers: %d\n", disc)
	fmt.Println("RESULT {}")
	return nil
}

// reconnect opens n audience sockets, has the server restart its instance
// (every socket gets 1001) and reconnects each within the window, as
// clients with a random backoff do.
func reconnect(o options, sp spec) error {
	vs, err := dialViewers(o.viewers, contestURL(sp, "audience"), weishiHeader(sp, sp.Viewer))
	if err != nil {
		return err
	}
	fmt.Printf("reconnect: %d audience sockets open\n", len(vs))
	fmt.Println("RESTART")
	line, _ := stdin.ReadString('\n')
	if strings.TrimSpace(line) != "restarted" {
		return fmt.Errorf("server: %q", line)
	}
	going := 0
	for _, v := range vs {
		for i := 0; i < 100 && !v.closed.Load(); i++ {
			time.Sleep(10 * time.Millisecond)
		}
		if v.code.Load() == websocket.CloseGoingAway {
			going++
		}
		v.ws.Close()
	}
	start := time.Now()
	var mu sync.Mutex
	var ups []float64
	var firstFail, lost atomic.Int64
	var wg sync.WaitGroup
	again := make([]*viewer, len(vs))
	for i := range vs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Duration(int64(o.window) * int64(i) / int64(len(vs)))) // spread evenly over the window
			for try := 0; try < 3; try++ {
				v, took, err := dialViewer(contestURL(sp, "audience"), weishiHeader(sp, sp.Viewer), false)
				if err == nil {
					mu.Lock()
					ups = append(ups, float64(took.Microseconds())/1000)
					mu.Unlock()
					again[i] = v
					return
				}
				if try == 0 {
					firstFail.Add(1)
				}
				time.Sleep(time.Second)
			}
			lost.Add(1)
		}(i)
	}
	wg.Wait()
	fmt.Printf("reconnect: %d of %d closed with 1001; reconnected in %s; first-try failures %d, never reconnected %d\n", going, len(vs), time.Since(start).Round(time.Millisecond), firstFail.Load(), lost.Load())
	fmt.Println("  " + summary("upgrade (dial → 101)", ups))
	closeAll(again)
	fmt.Println("RESULT {}")
	return nil
}
