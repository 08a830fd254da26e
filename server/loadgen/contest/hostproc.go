package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The host of the compare mode runs in a process of its own (-role
// host), as the host's own device would: its ack is then read by a
// process with one socket, not behind the 10,000 viewers' reads in the
// clients' process. The clients' process writes one line per command
// ({"ref":…,"cmd":…} as JSON) and the host process answers each with
// the ack: `ACK {"ref":…,"seq":…,"type":…,"sentUs":…,"ackUs":…}`.

type hostLine struct {
	Ref    string         `json:"ref"`
	Player int            `json:"player,omitempty"` // 0 the host, k the k-th probe player (burst)`
	Msg    map[string]any `json:"msg,omitempty"`
	Type   string         `json:"type,omitempty"`
	Seq    int64          `json:"seq,omitempty"`
	SentUs int64          `json:"sentUs,omitempty"`
	AckUs  int64          `json:"ackUs,omitempty"`
}

// runHost is the host process: it dials the host socket, then sends each
// command it reads on stdin at once and reports its ack on stdout.
func runHost(o options) error {
	data, err := os.ReadFile(o.spec)
	if err != nil {
		return err
	}
	var sp spec
	if err := json.Unmarshal(data, &sp); err != nil {
		return err
	}
	host, err := dial(sp, sp.Host, "host", false, 0)
	if err != nil {
		return err
	}
	// the probe players (burst): the last o.probes players, joined here
	socks := []*client{host}
	for _, token := range sp.Players[len(sp.Players)-o.probes:] {
		p, err := dial(sp, token, "player", false, 0)
		if err != nil {
			return err
		}
		socks = append(socks, p)
	}
	var out sync.Mutex
	fmt.Println("READY")
	in := bufio.NewScanner(os.Stdin)
	var wg sync.WaitGroup
	for in.Scan() {
		var l hostLine
		if json.Unmarshal(in.Bytes(), &l) != nil {
			continue
		}
		if l.Player < 0 || l.Player >= len(socks) {
			continue
		}
		c := socks[l.Player]
		ch := make(chan msg, 1)
		c.wmu.Lock()
		c.waiters[l.Ref] = ch
		c.wmu.Unlock()
		sent := nowUs()
		c.mu.Lock()
		err := c.ws.WriteJSON(l.Msg)
		c.mu.Unlock()
		if err != nil {
			return err
		}
		wg.Add(1)
		go func(ref string) {
			defer wg.Done()
			r := hostLine{Ref: ref, SentUs: sent}
			select {
			case m := <-ch:
				r.AckUs, r.Type, r.Seq = nowUs(), m.Type, m.Seq
			case <-time.After(30 * time.Second):
				r.Type = "timeout"
			}
			b, _ := json.Marshal(r)
			out.Lock()
			fmt.Println("ACK " + string(b))
			out.Unlock()
		}(l.Ref)
	}
	wg.Wait()
	return nil
}

// hostProc is the clients' side of the host process.
type hostProc struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	mu    sync.Mutex
	wmu   sync.Mutex // serializes the writes to in
	wait  map[string]chan hostLine
	ready chan struct{}
}

func startHost(o options) (*hostProc, error) {
	h := &hostProc{wait: map[string]chan hostLine{}, ready: make(chan struct{})}
	h.cmd = exec.Command(os.Args[0], "-role=host", "-spec="+o.spec, fmt.Sprintf("-probes=%d", o.probes))
	h.cmd.Stderr = os.Stderr
	h.in, _ = h.cmd.StdinPipe()
	stdout, _ := h.cmd.StdoutPipe()
	if err := h.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if line == "READY" {
				close(h.ready)
				continue
			}
			var l hostLine
			if !strings.HasPrefix(line, "ACK ") || json.Unmarshal([]byte(strings.TrimPrefix(line, "ACK ")), &l) != nil {
				continue
			}
			h.mu.Lock()
			ch := h.wait[l.Ref]
			delete(h.wait, l.Ref)
			h.mu.Unlock()
			if ch != nil {
				ch <- l
			}
		}
	}()
	select {
	case <-h.ready:
	case <-time.After(60 * time.Second):
		return nil, fmt.Errorf("the host process did not connect")
	}
	return h, nil
}

// send has the host process send v (its "ref" names it); the channel
// gets the ack.
func (h *hostProc) send(ref string, v map[string]any) (chan hostLine, error) {
	return h.sendAs(0, ref, v)
}

// sendAs has the host process send v on the player-th probe player's
// socket (0: the host's); ref is what the reply is keyed by (an
// answer's clientId).
func (h *hostProc) sendAs(player int, ref string, v map[string]any) (chan hostLine, error) {
	ch := make(chan hostLine, 1)
	h.mu.Lock()
	h.wait[ref] = ch
	h.mu.Unlock()
	b, _ := json.Marshal(hostLine{Ref: ref, Player: player, Msg: v})
	h.wmu.Lock()
	_, err := h.in.Write(append(b, '\n'))
	h.wmu.Unlock()
	return ch, err
}

func (h *hostProc) close() {
	h.in.Close()
	h.cmd.Wait()
}

// The server's reply histogram (weishi_contest_reply_seconds, all
// actions): the clients ask "REPLIES" and get the cumulative bucket
// counts, to measure the server's part of an ack in each phase.

type buckets struct {
	Upper []float64 `json:"upper"` // seconds; the last count is every sample (+Inf)
	Count []uint64  `json:"count"` // cumulative, one more than Upper
}

func gatherReplies(reg *prometheus.Registry) buckets {
	var b buckets
	mfs, err := reg.Gather()
	if err != nil {
		return b
	}
	for _, mf := range mfs {
		if mf.GetName() != "weishi_contest_reply_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			h := m.GetHistogram()
			if h == nil {
				continue
			}
			if b.Upper == nil {
				for _, x := range h.GetBucket() {
					b.Upper = append(b.Upper, x.GetUpperBound())
				}
				b.Count = make([]uint64, len(b.Upper)+1)
			}
			for i, x := range h.GetBucket() {
				b.Count[i] += x.GetCumulativeCount()
			}
			b.Count[len(b.Count)-1] += h.GetSampleCount()
		}
	}
	return b
}

func serverReplies() buckets {
	fmt.Println("REPLIES")
	line, _ := stdin.ReadString('\n')
	var b buckets
	_ = json.Unmarshal([]byte(strings.TrimPrefix(strings.TrimSpace(line), "replies ")), &b)
	return b
}

// since is the histogram of the replies between two reads, summarised
// as the upper bounds of the buckets holding the quantiles.
func (b buckets) since(a buckets) string {
	if len(b.Count) == 0 {
		return "server reply histogram: none"
	}
	d := make([]uint64, len(b.Count))
	for i := range b.Count {
		d[i] = b.Count[i]
		if i < len(a.Count) {
			d[i] -= a.Count[i]
		}
	}
	n := d[len(d)-1]
	if n == 0 {
		return "server reply histogram: no replies"
	}
	q := func(p float64) string {
		want := uint64(math.Ceil(p / 100 * float64(n)))
		i := sort.Search(len(d), func(i int) bool { return d[i] >= want })
		if i >= len(b.Upper) {
			return "> 5 s"
		}
		return fmt.Sprintf("≤ %g", b.Upper[i]*1000)
	}
	return fmt.Sprintf("server side (message read → reply on the socket): n=%d p50 %s p95 %s p99 %s max %s ms", n, q(50), q(95), q(99), q(100))
}

// startTrace has the server start its execution trace when -trace is set.
func startTrace() {
	fmt.Println("TRACE")
	stdin.ReadString('\n')
}
