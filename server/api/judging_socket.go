package api

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/wshub"
)

// The judged-contest socket (GET /ws/v1/judging/:id?role=screen|pad|console)
// only listens: commands and sheets go over HTTP (CSRF, field errors). A
// committed change (judging.Notifier) marks the room of this instance and
// is published on the bus (judging:<id>); every instance then reads the
// board from SQL and pushes it, one encoding per audience. A room also
// compares the contest's version in SQL every two seconds, so a lost bus
// message or a Redis outage only delays a screen.
const (
	judgingCoalesce = 20 * time.Millisecond // a burst of sheets becomes one push
	judgingResync   = 2 * time.Second
)

// Audiences of a board: what MakeBoard shows differs by viewer.
const (
	audOwner  = "owner"  // the organizer: judge ids and every score
	audPeer   = "peer"   // judges of a contest that shows peers' scores
	audPublic = "public" // screens, pads, everyone else
)

func judgingTopic(id int64) string { return "judging:" + strconv.FormatInt(id, 10) }

type judgingRooms struct {
	s        *server
	instance string
	mu       sync.Mutex
	rooms    map[int64]*judgingRoom
	// pub holds the contests with a bus publish due (true) or under way
	// (false) while their publisher runs: a burst of sheets is one or two
	// messages, and no submit waits for Redis.
	pubMu sync.Mutex
	pub   map[int64]bool
}

type judgingMember struct {
	conn     *wshub.Conn
	room     *judgingRoom // set when joined
	userID   int64
	audience string
	role     string
}

type judgingRoom struct {
	id      int64
	rooms   *judgingRooms
	mu      sync.Mutex
	members map[*judgingMember]struct{}
	sub     *live.Subscription
	kick    chan struct{}
	stop    chan struct{}
	sent    int64 // the contest version last pushed (room goroutine only)
}

func newJudgingRooms(s *server) *judgingRooms {
	return &judgingRooms{s: s, instance: newToken(), rooms: map[int64]*judgingRoom{}}
}

type judgingBus struct {
	Instance string `json:"instance"`
}

// Changed implements judging.Notifier: called after every commit.
func (rs *judgingRooms) Changed(ctx context.Context, id int64, what string) {
	rs.mu.Lock()
	r := rs.rooms[id]
	rs.mu.Unlock()
	if r != nil {
		r.poke()
	}
	if rs.s.ContestLive == nil {
		return
	}
	rs.pubMu.Lock()
	if rs.pub == nil {
		rs.pub = map[int64]bool{}
	}
	_, running := rs.pub[id]
	rs.pub[id] = true
	rs.pubMu.Unlock()
	if !running {
		rs.s.Guard.Go("judging.publish", func() { rs.publish(id) })
	}
}

// publish tells the other instances that contest id changed, once per
// round of changes: changes that arrive while a message is on its way are
// told by the next one. The message carries no data (each instance reads
// SQL), so coalescing loses nothing.
func (rs *judgingRooms) publish(id int64) {
	defer func() {
		if r := recover(); r != nil {
			rs.pubMu.Lock()
			delete(rs.pub, id)
			rs.pubMu.Unlock()
			panic(r) // the guard logs and counts it
		}
	}()
	payload, _ := json.Marshal(judgingBus{Instance: rs.instance})
	for {
		rs.pubMu.Lock()
		if !rs.pub[id] {
			delete(rs.pub, id)
			rs.pubMu.Unlock()
			return
		}
		rs.pub[id] = false
		rs.pubMu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if err := rs.s.ContestLive.Publish(ctx, judgingTopic(id), payload); err != nil {
			rs.s.Logger.Warn("judging: publish failed; other instances catch up from SQL", "contest", id, "err", err)
		}
		cancel()
	}
}

func (r *judgingRoom) poke() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

func (rs *judgingRooms) join(id int64, m *judgingMember) *judgingRoom {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.rooms[id]
	if !ok {
		r = &judgingRoom{id: id, rooms: rs, members: map[*judgingMember]struct{}{}, kick: make(chan struct{}, 1), stop: make(chan struct{})}
		if rs.s.ContestLive != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			sub, err := rs.s.ContestLive.Subscribe(ctx, judgingTopic(id))
			cancel()
			if err != nil {
				rs.s.Logger.Warn("judging: subscribe failed; this instance resyncs from SQL", "contest", id, "err", err)
			} else {
				r.sub = sub
			}
		}
		rs.rooms[id] = r
		rs.s.Guard.Go("judging.room", r.run)
	}
	r.mu.Lock()
	r.members[m] = struct{}{}
	r.mu.Unlock()
	return r
}

func (rs *judgingRooms) leave(r *judgingRoom, m *judgingMember) {
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

func (r *judgingRoom) list() []*judgingMember {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*judgingMember, 0, len(r.members))
	for m := range r.members {
		out = append(out, m)
	}
	return out
}

// run is the room's one goroutine: bus messages and local changes push
// the board (coalesced), the resync ticker catches what the bus lost.
func (r *judgingRoom) run() {
	var in <-chan live.Message
	if r.sub != nil {
		in = r.sub.C()
		defer r.sub.Close()
	}
	resync := time.NewTicker(judgingResync)
	defer resync.Stop()
	coalesce := time.NewTimer(time.Hour)
	coalesce.Stop()
	pending := false
	for {
		select {
		case <-r.stop:
			return
		case msg, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			var b judgingBus
			if json.Unmarshal(msg.Payload, &b) != nil || b.Instance == r.rooms.instance {
				continue
			}
			if !pending {
				pending = true
				coalesce.Reset(judgingCoalesce)
			}
		case <-r.kick:
			if !pending {
				pending = true
				coalesce.Reset(judgingCoalesce)
			}
		case <-coalesce.C:
			pending = false
			r.broadcast(false)
		case <-resync.C:
			r.broadcast(true)
		}
	}
}

// broadcast reads the contest and pushes the board to every member, once
// encoded per audience. onlyNewer skips it when the version was pushed.
func (r *judgingRoom) broadcast(onlyNewer bool) {
	s := r.rooms.s
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	members := r.list()
	if len(members) == 0 {
		return
	}
	if onlyNewer {
		n, err := s.Judging.Changes(ctx, r.id)
		if err != nil || n <= r.sent {
			return
		}
	}
	boards, version, err := s.judgingBoards(ctx, r.id, members)
	if err != nil {
		s.Logger.Warn("judging: board read failed", "contest", r.id, "err", err)
		return
	}
	r.sent = version
	for _, m := range members {
		if pm := boards[m.audience]; pm != nil {
			m.conn.Send(pm)
		}
	}
}

// judgingOut is a message to a judging socket.
type judgingOut struct {
	Type       string         `json:"type"` // welcome, board, time, error
	Role       string         `json:"role,omitempty"`
	Board      *judging.Board `json:"board,omitempty"`
	ID         int64          `json:"id,omitempty"`
	T0         int64          `json:"t0,omitempty"`
	T1         int64          `json:"t1,omitempty"`
	T2         int64          `json:"t2,omitempty"`
	ServerTime int64          `json:"serverTime,omitempty"`
	Code       string         `json:"code,omitempty"`
	Error      string         `json:"error,omitempty"`
}

func prepareJudging(out judgingOut) *wshub.Message {
	data, err := json.Marshal(out)
	if err != nil {
		return nil
	}
	pm, err := wshub.Prepare(data)
	if err != nil {
		return nil
	}
	return pm
}

// judgingBoards reads the contest once and prepares the board of each
// audience among the members.
func (s *server) judgingBoards(ctx context.Context, id int64, members []*judgingMember) (map[string]*wshub.Message, int64, error) {
	c, entries, sheets, err := s.Judging.Snapshot(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	out := map[string]*wshub.Message{}
	now := s.Now()
	version := c.Version
	for _, m := range members {
		if _, done := out[m.audience]; done {
			continue
		}
		v := judging.Viewer{}
		switch m.audience {
		case audOwner:
			v.Organizer = true
		case audPeer:
			v.UserID = m.userID
		}
		b := judging.MakeBoard(c, v, entries, sheets, now)
		version = b.Version
		out[m.audience] = prepareJudging(judgingOut{Type: "board", Board: &b})
	}
	return out, version, nil
}

// judgingSocket checks the Origin, the session (the route's guard) and the
// role, then upgrades: console for the organizer, pad for the panel's
// judges, screen for the organizer, organizers, the panel and (once
// published) everyone.
func (s *server) judgingSocket(c *fiber.Ctx) error {
	if !websocketUpgrade(c) {
		return &fault.Error{Code: "bad_request", Message: "this endpoint needs a websocket upgrade"}
	}
	if origin := c.Get(fiber.HeaderOrigin); origin == "" || !s.originAllowed(c, origin) {
		s.Logger.Warn("websocket origin refused", "origin", strings.Clone(origin), "ip", c.IP())
		return &fault.Error{Code: fault.Forbidden, Message: "origin not allowed"}
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	x, err := s.Judging.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	owns := judging.Owns(x, judgeActor(u))
	_, judge := x.Config.JudgeOf(u.ID)
	role := strings.Clone(c.Query("role", "screen")) // kept by the socket after the handler returns
	switch role {
	case "console":
		if !owns {
			return fault.Errorf(fault.Forbidden, "only the contest's organizer runs the stage")
		}
	case "pad":
		if !judge || x.Status == judging.StatusDraft {
			return fault.Errorf(fault.Forbidden, "only the contest's judges score it")
		}
	case "screen":
		if !owns && !judge && !u.Has(account.RoleOrganizer, account.RoleAdmin) && x.Status != judging.StatusPublished {
			return fault.Errorf(fault.Forbidden, "only organizers may open the big screen")
		}
	default:
		return fault.InvalidField("role", "must be screen, pad or console")
	}
	m := &judgingMember{userID: u.ID, role: role, audience: audPublic}
	switch {
	case owns && role != "screen":
		m.audience = audOwner
	case judge && x.Config.Aggregation.ShowPeers:
		m.audience = audPeer
	}
	return s.hijackSocket(c, u.ID, func(conn *wshub.Conn) bool {
		m.conn = conn
		m.room = s.judgingRooms.join(id, m)
		return true
	}, s.serveJudging(id, m))
}

// serveJudging returns a judging socket's reader loop (the socket joined
// its room in the hijack goroutine, see hijackSocket): it sends the
// welcome and the snapshot, then answers clock-sync pings and "sync"
// requests.
func (s *server) serveJudging(id int64, m *judgingMember) func(*wshub.Conn) {
	return func(conn *wshub.Conn) {
		defer s.judgingRooms.leave(m.room, m)
		conn.SetReadLimit(wsMaxMessage)
		conn.Send(prepareJudging(judgingOut{Type: "welcome", Role: m.role, ServerTime: s.Now().UnixMilli()}))
		snapshot := func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			boards, _, err := s.judgingBoards(ctx, id, []*judgingMember{m})
			if err == nil {
				conn.Send(boards[m.audience])
			}
		}
		snapshot()
		abuse := 0
		conn.Serve(func(data []byte) {
			received := s.Now().UnixMilli()
			var in wsIn
			switch {
			case json.Unmarshal(data, &in) != nil:
				abuse++
				conn.TrySend(prepareJudging(judgingOut{Type: "error", Code: "malformed", Error: "message is not JSON"}))
			case in.Type == "time":
				conn.Send(prepareJudging(judgingOut{Type: "time", ID: in.ID, T0: in.T0, T1: received, T2: s.Now().UnixMilli()}))
			case in.Type == "sync":
				snapshot()
			default:
				abuse++
				conn.TrySend(prepareJudging(judgingOut{Type: "error", Code: "unknown_type", Error: "unknown message type"}))
			}
			if abuse >= wsMaxAbuse {
				conn.Close(wshub.ClosePolicy, "too many bad messages")
			}
		})
	}
}
