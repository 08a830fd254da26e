package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// client is one websocket with a reader goroutine.
type client struct {
	ws     *websocket.Conn
	mu     sync.Mutex // guards writes
	boards []boardSeen
	// waiters by ref / client id
	wmu     sync.Mutex
	waiters map[string]chan msg
	fullAt  atomic.Int64 // burst: when a board with every answer arrived (unix µs)
	closed  atomic.Bool
	slow    bool
	opened  chan struct{}
}

type boardSeen struct {
	serverMs int64 // the board's serverTime
	recvUs   int64 // when this client read it
	seq      int64
}

type msg struct {
	Type      string `json:"type"`
	Seq       int64  `json:"seq"`
	Ref       string `json:"ref"`
	ClientID  string `json:"clientId"`
	Duplicate bool   `json:"duplicate"`
	Code      string `json:"code"`
	Error     string `json:"error"`
	Answered  int    `json:"answered"`
}

func nowUs() int64 { return time.Now().UnixMicro() }

func dial(sp spec, token, role string, slow bool, wantAnswered int) (*client, error) {
	h := http.Header{}
	h.Set("Cookie", "weishi_session="+token)
	h.Set("Origin", "http://"+sp.Addr)
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 1024}
	ws, _, err := d.Dial(fmt.Sprintf("ws://%s/ws/v1/contests/%d?role=%s", sp.Addr, sp.Contest, role), h)
	if err != nil {
		return nil, err
	}
	c := &client{ws: ws, waiters: map[string]chan msg{}, slow: slow, opened: make(chan struct{})}
	go c.read(wantAnswered)
	select {
	case <-c.opened:
	case <-time.After(60 * time.Second):
		return nil, fmt.Errorf("no snapshot")
	}
	return c, nil
}

var boardPrefix = []byte(`{"type":"board"`)
var serverTimeKey = []byte(`"serverTime":`)
var answeredKey = []byte(`"answered":`)
var seqKey = []byte(`"seq":`)

func intAfter(data, key []byte) int64 {
	i := bytes.Index(data, key)
	if i < 0 {
		return 0
	}
	j := i + len(key)
	k := j
	for k < len(data) && data[k] >= '0' && data[k] <= '9' {
		k++
	}
	n, _ := strconv.ParseInt(string(data[j:k]), 10, 64)
	return n
}

func (c *client) read(wantAnswered int) {
	defer c.closed.Store(true)
	first := true
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		if first && bytes.Contains(data[:min(len(data), 40)], []byte(`"snapshot"`)) {
			first = false
			close(c.opened)
			continue
		}
		if bytes.HasPrefix(data, boardPrefix) {
			now := nowUs()
			c.boards = append(c.boards, boardSeen{serverMs: intAfter(data, serverTimeKey), recvUs: now, seq: intAfter(data, seqKey)})
			if wantAnswered > 0 && int(intAfter(data, answeredKey)) >= wantAnswered && c.fullAt.Load() == 0 {
				c.fullAt.Store(now)
			}
			if c.slow {
				time.Sleep(2 * time.Second)
			}
			continue
		}
		if !bytes.Contains(data[:min(len(data), 20)], []byte(`"ack"`)) && !bytes.Contains(data[:min(len(data), 20)], []byte(`"refused"`)) {
			continue
		}
		var m msg
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		key := m.ClientID
		if key == "" {
			key = m.Ref
		}
		c.wmu.Lock()
		ch := c.waiters[key]
		delete(c.waiters, key)
		c.wmu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// request sends v and waits for the ack or refusal keyed by key.
func (c *client) request(v map[string]any, key string) (msg, time.Duration, error) {
	ch := make(chan msg, 1)
	c.wmu.Lock()
	c.waiters[key] = ch
	c.wmu.Unlock()
	start := time.Now()
	c.mu.Lock()
	err := c.ws.WriteJSON(v)
	c.mu.Unlock()
	if err != nil {
		return msg{}, 0, err
	}
	select {
	case m := <-ch:
		return m, time.Since(start), nil
	case <-time.After(30 * time.Second):
		return msg{}, 0, fmt.Errorf("no reply to %s", key)
	}
}

func (c *client) cmd(name string, extra map[string]any) (msg, time.Duration, error) {
	ref := name + strconv.FormatInt(nowUs(), 36)
	v := map[string]any{"type": "cmd", "cmd": name, "ref": ref}
	for k, x := range extra {
		v[k] = x
	}
	m, d, err := c.request(v, ref)
	if err == nil && m.Type != "ack" {
		err = fmt.Errorf("%s refused: %s", name, m.Error)
	}
	return m, d, err
}

// dialAll opens n sockets with at most 64 handshakes at a time.
func dialAll(n int, fn func(i int) (*client, error)) ([]*client, error) {
	out := make([]*client, n)
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	var first error
	var mu sync.Mutex
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := fn(i)
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				return
			}
			out[i] = c
		}(i)
	}
	wg.Wait()
	return out, first
}

func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func summary(name string, xs []float64) string {
	return fmt.Sprintf("%s: n=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f ms", name, len(xs), pct(xs, 50), pct(xs, 95), pct(xs, 99), pct(xs, 100))
}

func runClients(o options) error {
	data, err := os.ReadFile(o.spec)
	if err != nil {
		return err
	}
	var sp spec
	if err := json.Unmarshal(data, &sp); err != nil {
		return err
	}
	switch o.mode {
	case "burst":
		return burst(o, sp)
	case "fanout":
		return fanout(o, sp)
	case "idle":
		return idle(o, sp)
	case "compare":
		return compare(o, sp)
	case "reconnect":
		return reconnect(o, sp)
	}
	return fmt.Errorf("unknown mode %q", o.mode)
}

func burst(o options, sp spec) error {
	t0 := time.Now()
	host, err := dial(sp, sp.Host, "host", false, 0)
	if err != nil {
		return err
	}
	screen, err := dial(sp, sp.Host, "screen", false, o.players)
	if err != nil {
		return err
	}
	probes := min(max(o.probes, 0), o.players)
	o.probes = probes
	local := o.players - probes
	players, err := dialAll(local, func(i int) (*client, error) { return dial(sp, sp.Players[i], "player", false, o.players) })
	if err != nil {
		return err
	}
	// the probe players answer from a process of their own, as a phone
	// would: their acks are not read behind the other players' reads
	hp, err := startHost(o)
	if err != nil {
		return err
	}
	defer hp.close()
	fmt.Printf("burst: %d players (%d of them in the probe process) + host + screen connected (joined) in %s\n", o.players, probes, time.Since(t0).Round(time.Millisecond))
	for _, c := range []string{"next", "show", "open"} {
		if _, _, err := host.cmd(c, nil); err != nil {
			return err
		}
	}
	var mu sync.Mutex
	var acks []float64
	var lastAck int64
	var acked, dups, refused, errs atomic.Int64
	var wg sync.WaitGroup
	startTrace()
	rep0 := serverReplies()
	start := time.Now()
	var probeAcks []float64
	for k := 1; k <= probes; k++ {
		wg.Add(1)
		go func(i, k int) {
			defer wg.Done()
			time.Sleep(time.Duration(rand.Int64N(int64(o.window))))
			id := fmt.Sprintf("b-%d", i)
			ch, err := hp.sendAs(k, id, map[string]any{"type": "answer", "choice": "B", "clientId": id, "deviceAt": time.Now().UnixMilli()})
			if err != nil {
				errs.Add(1)
				return
			}
			l := <-ch
			if l.Type != "ack" {
				refused.Add(1)
				return
			}
			acked.Add(1)
			mu.Lock()
			probeAcks = append(probeAcks, float64(l.AckUs-l.SentUs)/1000)
			if l.AckUs > lastAck {
				lastAck = l.AckUs
			}
			mu.Unlock()
		}(local+k-1, k)
	}
	for i, p := range players {
		wg.Add(1)
		go func(i int, p *client) {
			defer wg.Done()
			time.Sleep(time.Duration(rand.Int64N(int64(o.window))))
			id := fmt.Sprintf("b-%d", i)
			choice := "B"
			if i%3 == 0 {
				choice = "C"
			}
			m, d, err := p.request(map[string]any{"type": "answer", "choice": choice, "clientId": id, "deviceAt": time.Now().UnixMilli()}, id)
			if err != nil {
				errs.Add(1)
				return
			}
			if m.Type != "ack" {
				refused.Add(1)
				return
			}
			acked.Add(1)
			now := nowUs()
			mu.Lock()
			acks = append(acks, float64(d.Microseconds())/1000)
			if now > lastAck {
				lastAck = now
			}
			mu.Unlock()
			if i%10 == 0 { // a repeated tap: counted once
				m2, _, err := p.request(map[string]any{"type": "answer", "choice": choice, "clientId": id}, id)
				if err == nil && m2.Duplicate && m2.Seq == m.Seq {
					dups.Add(1)
				}
			}
		}(i, p)
	}
	wg.Wait()
	window := time.Since(start)
	replies := serverReplies().since(rep0)
	fmt.Printf("burst: answers sent over %s\n", window.Round(time.Millisecond))
	if _, _, err := host.cmd("close", nil); err != nil {
		return err
	}
	time.Sleep(3 * time.Second)
	var board []float64
	missing := 0
	for _, c := range append(players, screen) {
		at := c.fullAt.Load()
		if at == 0 {
			missing++
			continue
		}
		board = append(board, float64(max(at-lastAck, 0))/1000)
	}
	disc := 0
	for _, c := range players {
		if c.closed.Load() {
			disc++
		}
	}
	fmt.Printf("burst: answers sent over %s; acked %d, refused %d, errors %d; resends counted once: %d of %d\n", window.Round(time.Millisecond), acked.Load(), refused.Load(), errs.Load(), dups.Load(), (local+9)/10)
	fmt.Println("  " + summary(fmt.Sprintf("answer acknowledgement, the %d players in the clients' process", local), acks))
	fmt.Println("  " + summary(fmt.Sprintf("answer acknowledgement, the %d probe players (a process of their own)", probes), probeAcks))
	fmt.Println("    " + replies)
	fmt.Println("  " + summary("complete board on every player and screen after the last answer was stored", board))
	fmt.Printf("  clients without a complete board: %d; disconnects: %d\n", missing, disc)
	res, _ := json.Marshal(map[string]any{"acked": acked.Load()})
	fmt.Println("RESULT " + string(res))
	return nil
}

func fanout(o options, sp spec) error {
	t0 := time.Now()
	host, err := dial(sp, sp.Host, "host", false, 0)
	if err != nil {
		return err
	}
	nSlow := int(float64(o.viewers) * o.slow)
	viewers, err := dialAll(o.viewers, func(i int) (*client, error) { return dial(sp, sp.Viewer, "audience", i < nSlow, 0) })
	if err != nil {
		return err
	}
	players, err := dialAll(o.players, func(i int) (*client, error) { return dial(sp, sp.Players[i], "player", false, 0) })
	if err != nil {
		return err
	}
	fmt.Printf("fanout: %d viewers (%d slow) + %d players connected in %s\n", o.viewers, nSlow, o.players, time.Since(t0).Round(time.Millisecond))
	if _, _, err := host.cmd("next", nil); err != nil {
		return err
	}
	for _, c := range append(viewers, players...) {
		c.boards = c.boards[:0:0]
	}
	startMs := time.Now().UnixMilli()
	tick := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
	deadline := time.Now().Add(o.duration)
	n := 0
	for time.Now().Before(deadline) {
		<-tick.C
		side := sp.UserIDs[rand.IntN(len(sp.UserIDs))]
		if _, _, err := host.cmd("adjust", map[string]any{"side": side, "value": 1 + rand.IntN(50), "reason": "load"}); err != nil {
			return err
		}
		n++
	}
	tick.Stop()
	time.Sleep(2 * time.Second)
	// per board (by server time): the last normal recipient's delay
	last := map[int64]int64{}
	count := map[int64]int{}
	normal := append(viewers[nSlow:], players...)
	disc := 0
	for _, c := range normal {
		if c.closed.Load() {
			disc++
		}
		for _, b := range c.boards {
			if b.serverMs < startMs {
				continue
			}
			d := b.recvUs - b.serverMs*1000
			if d > last[b.serverMs] {
				last[b.serverMs] = d
			}
			count[b.serverMs]++
		}
	}
	var lastMs []float64
	full := 0
	for t, d := range last {
		lastMs = append(lastMs, float64(d)/1000)
		if count[t] == len(normal) {
			full++
		}
	}
	slowClosed := 0
	for _, c := range viewers[:nSlow] {
		if c.closed.Load() {
			slowClosed++
		}
	}
	fmt.Printf("fanout: %d board changes sent over %s; %d boards broadcast, %d reached every normal client\n", n, o.duration, len(last), full)
	fmt.Println("  " + summary("last-recipient delay per board (server send → last normal client read)", lastMs))
	fmt.Printf("  disconnects among normal clients: %d; slow readers dropped by the server: %d of %d\n", disc, slowClosed, nSlow)
	fmt.Println("RESULT {}")
	return nil
}

func idle(o options, sp spec) error {
	t0 := time.Now()
	if o.target == "bare" {
		vs, err := dialViewers(o.viewers, "ws://"+sp.Bare+"/ws", nil)
		if err != nil {
			return err
		}
		fmt.Printf("idle: %d sockets open on the bare hub in %s\n", len(vs), time.Since(t0).Round(time.Millisecond))
	} else {
		conns, err := dialAll(o.viewers, func(i int) (*client, error) { return dial(sp, sp.Viewer, "audience", false, 0) })
		if err != nil {
			return err
		}
		fmt.Printf("idle: %d audience sockets open in %s\n", len(conns), time.Since(t0).Round(time.Millisecond))
	}
	fmt.Println("READY")
	stdin.ReadString('\n')
	return nil
}
