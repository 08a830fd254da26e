package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/wshub"
)

// Live-contest socket limits (docs/live-protocol.md).
const (
	contestMaxMessage = 4 << 10                // bytes in one client message; larger ones get an error
	contestReadLimit  = 64 << 10               // larger than this closes the socket (1009)
	contestBoardEvery = 250 * time.Millisecond // leaderboard updates (and score-change states): at most 4 per second
	contestResync     = 2 * time.Second        // every room re-reads the SQL log this often
	contestResyncDown = time.Second            // … and this often while its Redis calls fail
	contestBoardTop   = 20                     // rows of the leaderboard sent to everyone
	contestRate       = 8                      // actions per second per device (token refill)
	contestBurst      = 16                     // actions a device may send at once
)

// Roles on a contest socket.
const (
	roleHost     = "host"
	roleScreen   = "screen"
	rolePlayer   = "player"
	roleAudience = "audience"
)

// contestIn is a message from a contest client.
type contestIn struct {
	Type     string  `json:"type"`
	ID       int64   `json:"id,omitempty"`
	T0       int64   `json:"t0,omitempty"`
	Ref      string  `json:"ref,omitempty"`
	Cmd      string  `json:"cmd,omitempty"`
	Round    int     `json:"round,omitempty"`
	Sides    []int64 `json:"sides,omitempty"`
	Side     int64   `json:"side,omitempty"`
	Value    int     `json:"value,omitempty"`
	Right    bool    `json:"right,omitempty"`
	Reason   string  `json:"reason,omitempty"`
	Choice   string  `json:"choice,omitempty"`
	ClientID string  `json:"clientId,omitempty"`
	DeviceAt int64   `json:"deviceAt,omitempty"`
	OffsetMs int64   `json:"offsetMs,omitempty"`
	DelayMs  int64   `json:"delayMs,omitempty"`
}

// contestOut is a message to a contest client.
type contestOut struct {
	Type       string          `json:"type"`
	Seq        int64           `json:"seq,omitempty"`
	ID         int64           `json:"id,omitempty"`
	T0         int64           `json:"t0,omitempty"`
	T1         int64           `json:"t1,omitempty"`
	T2         int64           `json:"t2,omitempty"`
	Ref        string          `json:"ref,omitempty"`
	ClientID   string          `json:"clientId,omitempty"`
	Duplicate  bool            `json:"duplicate,omitempty"`
	Code       string          `json:"code,omitempty"`
	Field      string          `json:"field,omitempty"` // the offending field of an invalid message or action
	Error      string          `json:"error,omitempty"`
	Note       string          `json:"note,omitempty"`
	Role       string          `json:"role,omitempty"`
	UserID     int64           `json:"userId,omitempty"`
	ContestID  int64           `json:"contestId,omitempty"`
	Title      string          `json:"title,omitempty"`
	ServerTime int64           `json:"serverTime,omitempty"`
	View       *contest.View   `json:"view,omitempty"`
	Me         *contest.MeView `json:"me,omitempty"`
	Top        []boardRow      `json:"top,omitempty"`
	Total      int             `json:"total,omitempty"`
	Answered   int             `json:"answered,omitempty"`
}

type boardRow struct {
	Side  int64  `json:"side"`
	Name  string `json:"name"`
	Score int    `json:"score"`
	Rank  int    `json:"rank"`
}

// busMsg travels between instances on the Redis bus.
type busMsg struct {
	Kind     string         `json:"kind"` // entry | takeover
	Instance string         `json:"instance"`
	Entry    *contest.Entry `json:"entry,omitempty"`
	UserID   int64          `json:"userId,omitempty"`
	Token    string         `json:"token,omitempty"`
}

func contestTopic(id int64) string { return "contest:" + strconv.FormatInt(id, 10) }
func boardName(id int64) string    { return "contest:" + strconv.FormatInt(id, 10) + ":sides" }

// contestRooms holds this instance's rooms: the sockets of each contest
// with a relay from the bus.
type contestRooms struct {
	s        *server
	instance string
	mu       sync.Mutex
	rooms    map[int64]*room
	// replySeconds times an action's ack or refusal from the read of
	// the client's message until the reply is on the socket (nil
	// without a metrics registry)
	replySeconds *prometheus.HistogramVec
}

func newToken() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func newContestRooms(s *server) *contestRooms {
	rs := &contestRooms{s: s, instance: newToken(), rooms: map[int64]*room{}}
	if s.Metrics != nil {
		rs.replySeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "weishi_contest_reply_seconds",
			Help:    "Live contests: an action's ack or refusal, from reading the client's message to the reply on the socket, by action (cmd, answer, press, choose).",
			Buckets: []float64{.001, .002, .003, .005, .0075, .01, .015, .02, .03, .05, .075, .1, .15, .2, .3, .5, .75, 1, 2, 5},
		}, []string{"action"})
		s.Metrics.MustRegister(rs.replySeconds)
	}
	return rs
}

type member struct {
	conn   *wshub.Conn
	room   *room // set when joined
	userID int64
	name   string
	role   string
	host   bool
	zh     bool
	token  string
	delay  atomic.Int64
	offset atomic.Int64
	// token bucket for actions
	tokens float64
	last   time.Time
}

func (m *member) allow(now time.Time) bool {
	if m.last.IsZero() {
		m.tokens = contestBurst
	} else {
		m.tokens = min(contestBurst, m.tokens+now.Sub(m.last).Seconds()*contestRate)
	}
	m.last = now
	if m.tokens < 1 {
		return false
	}
	m.tokens--
	return true
}

type room struct {
	id int64
	// contest is the published contest, decoded once and shared
	// read-only by every socket of the room.
	contest contest.Contest
	rooms   *contestRooms
	// local carries entries stored by this instance to the room's
	// goroutine, which tells the local sockets and then the bus: the
	// actor's socket never waits behind a fan-out.
	local chan contest.Entry
	// pub feeds the room's publisher goroutine, which updates the Redis
	// board and the bus in order: a slow or absent Redis never holds up
	// the local fan-out.
	pub     chan contest.Entry
	mu      sync.Mutex
	members map[*member]struct{}
	sub     *live.Subscription
	stop    chan struct{}
	done    chan struct{}
	dirty   atomic.Bool // the board or answered count changed
	// restate: a score changed; the state goes out with the next board
	// tick (score changes fold into the 250 ms tick)
	restate atomic.Bool
	stale   atomic.Bool // the Redis board missed an increment
	sent    atomic.Int64
	boarded atomic.Int64 // the log seq the last board reflected
	// known is the newest entry the room has been handed (local, bus or
	// the log): a state is not sent for entries beyond it, so the actor
	// always has its ack before the state of its action
	known atomic.Int64
	// lastRank is the score and rank last sent to each player (individual
	// contests): a player hears again only when one of them changed.
	lastRank map[*member][2]int
	// snap is the public snapshot of seq snapSeq, shared by screens and
	// audience (reconnect and sync storms encode it once)
	snapMu  sync.Mutex
	snap    *wshub.Message
	snapSeq int64
}

// contest returns the published contest id: the room's shared copy when
// the room is open, else read from the store.
func (rs *contestRooms) contest(ctx context.Context, id int64) (contest.Contest, error) {
	rs.mu.Lock()
	r, ok := rs.rooms[id]
	rs.mu.Unlock()
	if ok {
		return r.contest, nil
	}
	return rs.s.Contests.Get(ctx, id)
}

// join adds m to the contest's room, creating the room and its relay.
func (rs *contestRooms) join(ctx context.Context, id int64, m *member) (*room, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.rooms[id]
	if !ok {
		// a new room: read the contest and bring the game up to date with
		// the log once; from now on the bus (and the resync) keep it so
		var x contest.Contest
		var seq int64
		if err := rs.s.Contests.View(ctx, id, func(c contest.Contest, g *contest.Game) error { x, seq = c, g.Seq; return nil }); err != nil {
			return nil, err
		}
		r = &room{id: id, contest: x, rooms: rs, local: make(chan contest.Entry, 4096), pub: make(chan contest.Entry, 4096), members: map[*member]struct{}{}, stop: make(chan struct{}), done: make(chan struct{}), lastRank: map[*member][2]int{}}
		if rs.s.ContestLive != nil {
			sub, err := rs.s.ContestLive.Subscribe(ctx, contestTopic(id))
			if err != nil {
				rs.s.Logger.Warn("contest: subscribe failed; this instance serves its own sockets only", "contest", id, "err", err)
			} else {
				r.sub = sub
			}
		}
		r.known.Store(seq)
		if rs.s.ContestLive != nil {
			// Rebuild the Redis board from the game just read from SQL,
			// before this room hears of any entry: a rebuild from a game
			// that lags the bus would undo another instance's increments.
			_ = rs.s.Contests.ViewCached(ctx, id, func(_ contest.Contest, g *contest.Game) error {
				r.rebuildBoard(ctx, contest.Rank(sidesOf(g)))
				return nil
			})
		}
		rs.rooms[id] = r
		rs.s.Guard.Go("contest.room", r.run)
	}
	r.mu.Lock()
	r.members[m] = struct{}{}
	r.mu.Unlock()
	return r, nil
}

func (rs *contestRooms) leave(r *room, m *member) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r.mu.Lock()
	delete(r.members, m)
	empty := len(r.members) == 0
	r.mu.Unlock()
	if empty && rs.rooms[r.id] == r {
		delete(rs.rooms, r.id)
		close(r.stop)
	}
}

func (r *room) list() []*member {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*member, 0, len(r.members))
	for m := range r.members {
		out = append(out, m)
	}
	return out
}

// run relays bus messages to local sockets, sends coalesced boards and
// resyncs from SQL in case a bus message was lost. A panic in the relay is
// recovered and counted, and the relay starts again until the room stops.
func (r *room) run() {
	defer close(r.done)
	var in <-chan live.Message
	if r.sub != nil {
		in = r.sub.C()
		defer r.sub.Close()
	}
	board := time.NewTicker(contestBoardEvery)
	defer board.Stop()
	resync := time.NewTicker(contestResyncDown)
	defer resync.Stop()
	defer r.clearPresence()
	r.rooms.s.Guard.Go("contest.publisher", r.publisher)
	pace := &boardPace{wait: time.NewTimer(time.Hour)}
	pace.wait.Stop()
	defer pace.wait.Stop()
	for {
		err := r.rooms.s.Guard.Run("contest.room", func() error {
			r.relay(&in, board.C, resync.C, pace)
			return nil
		})
		if err == nil {
			return
		}
		select {
		case <-r.stop:
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// boardPace spaces boards (and the states of score changes) at least
// contestBoardEvery apart: at once when the last left longer ago (leading
// edge), else when the wait timer fires.
type boardPace struct {
	last  time.Time
	wait  *time.Timer
	armed bool
}

func (r *room) flush(p *boardPace) {
	if !r.restate.Load() && !r.dirty.Load() && !r.stale.Load() {
		return
	}
	if d := contestBoardEvery - time.Since(p.last); d > 0 {
		if !p.armed {
			p.wait.Reset(d)
			p.armed = true
		}
		return
	}
	p.last = time.Now()
	restate := r.restate.Swap(false)
	reboard := r.dirty.Swap(false) || r.stale.Load()
	switch {
	case restate && reboard:
		// a score change: each socket gets the state and the board in one
		// write (the state first: the board's rows follow it)
		r.send(r.planState(), r.planBoard())
	case restate:
		r.broadcastState()
	case reboard:
		r.sendBoard()
	}
}

// relay is run's loop; it returns when the room stops.
func (r *room) relay(bus *<-chan live.Message, boardC, resyncC <-chan time.Time, pace *boardPace) {
	s := r.rooms.s
	ticks, redisDown := 0, false
	for {
		in := *bus
		select {
		case <-r.stop:
			return
		case e := <-r.local:
			raise(&r.known, e.Seq)
			r.deliver(e)   // the local sockets first
			r.increment(e) // the Redis board before the board is read from it
			r.flush(pace)
			select { // then the other instances
			case r.pub <- e:
			default:
				r.publish(e) // the publisher is far behind: wait here
			}
		case <-pace.wait.C:
			pace.armed = false
			r.flush(pace)
		case msg, ok := <-in:
			if !ok {
				*bus = nil
				continue
			}
			var b busMsg
			if err := json.Unmarshal(msg.Payload, &b); err != nil || b.Instance == r.rooms.instance {
				continue
			}
			switch b.Kind {
			case "entry":
				if b.Entry != nil {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					err := s.Contests.Observe(ctx, r.id, *b.Entry)
					cancel()
					if err == nil {
						raise(&r.known, b.Entry.Seq)
						r.deliver(*b.Entry)
						r.flush(pace)
					}
				}
			case "takeover":
				for _, m := range r.list() {
					if m.userID == b.UserID && m.role == rolePlayer && m.token != b.Token {
						r.replaced(m)
					}
				}
			}
		case <-boardC:
			r.flush(pace)
		case <-resyncC:
			ticks++
			if !redisDown && !r.stale.Load() && ticks%int(contestResync/contestResyncDown) != 0 {
				continue
			}
			before := r.sent.Load()
			var seq, all int64
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			// ViewSeq, not Seq: answers and joins travel with the board, and
			// must not make every room send a state every resync
			err := s.Contests.View(ctx, r.id, func(_ contest.Contest, g *contest.Game) error { seq, all = g.ViewSeq, g.Seq; return nil })
			cancel()
			if err == nil {
				raise(&r.known, all)
			}
			if err == nil && seq > before {
				r.broadcastState()
				r.dirty.Store(true)
			} else if err == nil && all > r.boarded.Load() {
				r.dirty.Store(true) // answers from another instance: the board's count
			}
			// after the re-read: a Redis that hangs must not delay it
			redisDown = !r.sharePresence()
		}
	}
}

func (r *room) replaced(m *member) {
	r.rooms.s.sendContest(m, contestOut{Type: "replaced", Error: translate(m.zh, "another device took over this account")})
	m.conn.Close(wshub.CloseReplaced, "another device took over")
}

// deliver brings this instance's game up to date with an entry accepted
// anywhere and tells the local sockets.
func (r *room) deliver(e contest.Entry) {
	if e.Seq <= r.sent.Load() {
		return
	}
	if e.Action.Type == contest.ActAnswer || e.Action.Type == contest.ActJoin {
		// bursts: the answered count and board travel with the next tick
		r.dirty.Store(true)
		return
	}
	if len(e.Outcome.Changes) > 0 {
		// a score change: its state and board leave together on the tick
		r.restate.Store(true)
		r.dirty.Store(true)
		return
	}
	r.broadcastState()
}

// raise sets a to n when n is larger.
func raise(a *atomic.Int64, n int64) {
	for {
		old := a.Load()
		if n <= old || a.CompareAndSwap(old, n) {
			return
		}
	}
}

func sidesOf(g *contest.Game) []contest.Standing {
	out := make([]contest.Standing, 0, len(g.SideScore))
	for side, score := range g.SideScore {
		out = append(out, contest.Standing{Side: side, Name: g.SideName(side), Score: score})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Side < out[j].Side })
	return out
}

func (r *room) rebuildBoard(ctx context.Context, standings []contest.Standing) {
	entries := make(map[string]float64, len(standings))
	for _, st := range standings {
		entries[strconv.FormatInt(st.Side, 10)] = float64(st.Score)
	}
	if err := r.rooms.s.ContestLive.Leaderboard(boardName(r.id)).Rebuild(ctx, entries); err != nil {
		r.stale.Store(true)
		return
	}
	r.stale.Store(false)
}

// accepted is called on the instance that stored an entry, by the
// actor's socket after its ack was queued: the room's goroutine tells the
// local sockets and then publishes for the other instances.
func (rs *contestRooms) accepted(r *room, e contest.Entry) {
	select {
	case r.local <- e:
	case <-r.done: // the room has closed: only the other instances are left to tell
		r.increment(e)
		r.publish(e)
	}
}

// publisher publishes the room's local entries in order until the room
// stops; what is queued then is still published.
func (r *room) publisher() {
	for {
		select {
		case e := <-r.pub:
			r.publish(e)
		case <-r.done:
			for {
				select {
				case e := <-r.pub:
					r.publish(e)
				default:
					return
				}
			}
		}
	}
}

// increment adds e's score changes to the Redis board; a failure marks
// the board stale (it is rebuilt from the game).
func (r *room) increment(e contest.Entry) {
	s := r.rooms.s
	if s.ContestLive == nil || len(e.Outcome.Changes) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b := s.ContestLive.Leaderboard(boardName(r.id))
	// one increment per side; the result must equal the game's score,
	// else Redis lost the board (a restart, a late retry onto an emptied
	// set) and it is rebuilt. The game is compared only while it is at
	// this entry: later entries already applied would differ by design.
	delta := map[int64]int{}
	for _, c := range e.Outcome.Changes {
		if c.UserID == 0 {
			delta[c.Side] += c.Delta
		}
	}
	if len(delta) == 0 {
		return
	}
	want := map[int64]int{}
	_ = s.Contests.ViewCached(ctx, r.id, func(_ contest.Contest, g *contest.Game) error {
		if g.Seq == e.Seq {
			for side := range delta {
				want[side] = g.SideScore[side]
			}
		}
		return nil
	})
	for side, d := range delta {
		got, err := b.Incr(ctx, strconv.FormatInt(side, 10), float64(d))
		if w, ok := want[side]; err != nil || (ok && int(got) != w) {
			r.stale.Store(true)
		}
	}
}

// publish tells the other instances. SQL has the entry already; a failure
// only delays what others see (they resync from SQL).
func (r *room) publish(e contest.Entry) {
	rs := r.rooms
	if rs.s.ContestLive == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	payload, _ := json.Marshal(busMsg{Kind: "entry", Instance: rs.instance, Entry: &e})
	if err := rs.s.ContestLive.Publish(ctx, contestTopic(r.id), payload); err != nil {
		rs.s.Logger.Warn("contest: publish failed; other instances resync from SQL", "contest", r.id, "err", err)
	}
}

// publicSnapshot is the snapshot for screens and audience (issue 9's
// snapshotOut: seq always, the board), encoded once per seq: scores and
// the board change only with an entry.
func (r *room) publicSnapshot() *wshub.Message {
	s := r.rooms.s
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out *wshub.Message
	_ = s.Contests.ViewCached(ctx, r.id, func(_ contest.Contest, g *contest.Game) error {
		r.snapMu.Lock()
		defer r.snapMu.Unlock()
		if r.snap != nil && r.snapSeq == g.Seq {
			out = r.snap
			return nil
		}
		v := g.View(false, 0)
		data, err := json.Marshal(s.snapshotOf(g, &v)) // seq always, the board's top and total
		if err != nil {
			return err
		}
		out, _ = wshub.Prepare(data)
		r.snap, r.snapSeq = out, g.Seq
		return nil
	})
	return out
}
